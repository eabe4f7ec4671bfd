import { createApi, failLoad } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch }) => {
  const flows = await createApi({ fetch }).flows.list().catch(failLoad)
  return { flows: flows.items }
}
