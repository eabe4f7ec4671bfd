import { call, failLoad, loadApi, type FlowDetail, type FlowVersionDetail } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = loadApi({ fetch, url })
  const none = { items: [] }
  const [flow, run, tags, fields] = await Promise.all([
    call(api.GET('/flows/{id}', { params: { path: { id: params.id } } })).catch(failLoad),
    call(api.GET('/runs/{id}', { params: { path: { id: params.runId } } })).catch(failLoad),
    call(api.GET('/tags')).catch(() => none),
    call(api.GET('/fields')).catch(() => none),
  ])
  // The run follows its published version, not the draft being edited.
  const version = await call(
    api.GET('/flows/{id}/versions/{version}', { params: { path: { id: params.id, version: run.version } } }),
  ).catch(failLoad)
  return {
    flow: flow as FlowDetail,
    run,
    version: version as FlowVersionDetail,
    tags: tags.items,
    fields: fields.items,
  }
}
