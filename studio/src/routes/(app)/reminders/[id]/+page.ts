import { call, failLoad, loadApi } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = loadApi({ fetch, url })
  const path = { id: params.id }
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1)
  const [set, fields, runs, friends] = await Promise.all([
    call(api.GET('/reminders/{id}', { params: { path } })),
    call(api.GET('/fields')),
    call(api.GET('/reminders/{id}/runs', { params: { path, query: { page, pageSize: 20 } } })),
    call(api.GET('/friends', { params: { query: { status: 'following', pageSize: 50 } } })),
  ]).catch(failLoad)
  return { set, fields: fields.items, runs, friends }
}
