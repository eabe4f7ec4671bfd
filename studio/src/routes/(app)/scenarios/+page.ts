import { call, failLoad, loadApi } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, url }) => {
  const flows = await call(loadApi({ fetch, url }).GET('/flows')).catch(failLoad)
  return { flows: flows.items }
}
