import { createApi, failLoad } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = createApi({ fetch })
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1)
  const [set, fields, runs, friends] = await Promise.all([
    api.reminders.get(params.id),
    api.fields.list(),
    api.reminders.runs(params.id, { page, pageSize: 20 }),
    api.friends.list({ status: 'following', pageSize: 50 }),
  ]).catch(failLoad)
  return { set, fields: fields.items, runs, friends }
}
