import { createApi, failLoad } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch }) => {
  const greeting = await createApi({ fetch }).settings.greeting().catch(failLoad)
  return { greeting }
}
