import { createApi, failLoad } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch }) => {
  const api = createApi({ fetch })
  const [sets, fields] = await Promise.all([api.reminders.list(), api.fields.list()]).catch(failLoad)
  return { sets: sets.items, fields: fields.items }
}
