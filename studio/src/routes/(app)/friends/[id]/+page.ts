import { call, failLoad, loadApi } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, url, params }) => {
  const api = loadApi({ fetch, url })
  const path = { id: params.id }
  const [friend, messages, runs] = await Promise.all([
    call(api.GET('/friends/{id}', { params: { path } })),
    call(api.GET('/friends/{id}/messages', { params: { path, query: { limit: 30 } } })),
    call(api.GET('/friends/{id}/runs', { params: { path, query: { pageSize: 20 } } })),
  ]).catch(failLoad)
  return { friend, messages, runs }
}
