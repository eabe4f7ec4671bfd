import { call, failLoad, loadApi } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, url }) => {
  const api = loadApi({ fetch, url })
  const [sets, fields] = await Promise.all([call(api.GET('/reminders')), call(api.GET('/fields'))]).catch(
    failLoad,
  )
  return { sets: sets.items, fields: fields.items }
}
