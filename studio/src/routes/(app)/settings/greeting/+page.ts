import { call, failLoad, loadApi } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, url }) => {
  const greeting = await call(loadApi({ fetch, url }).GET('/settings/greeting')).catch(failLoad)
  return { greeting }
}
