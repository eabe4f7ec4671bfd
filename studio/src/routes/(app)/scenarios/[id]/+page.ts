import { call, failLoad, loadApi, type FlowDetail } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = loadApi({ fetch, url })
  const none = { items: [] }
  // Pickers (tags, fields, other scenarios) are a convenience: the editor works without them.
  const [flow, tags, fields, flows] = await Promise.all([
    call(api.GET('/flows/{id}', { params: { path: { id: params.id } } })).catch(failLoad),
    call(api.GET('/tags')).catch(() => none),
    call(api.GET('/fields')).catch(() => none),
    call(api.GET('/flows')).catch(() => none),
  ])
  return { flow: flow as FlowDetail, tags: tags.items, fields: fields.items, flows: flows.items }
}
