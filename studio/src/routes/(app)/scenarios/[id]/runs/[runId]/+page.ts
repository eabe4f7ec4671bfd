import { createApi, failLoad } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, params }) => {
  const api = createApi({ fetch })
  const [flow, run, tags, fields] = await Promise.all([
    api.flows.get(params.id).catch(failLoad),
    api.runs.get(params.runId).catch(failLoad),
    api.tags.list().catch(() => ({ items: [] })),
    api.fields.list().catch(() => ({ items: [] })),
  ])
  // The run follows its published version, not the draft being edited.
  const version = await api.flowVersions.get(params.id, run.version).catch(failLoad)
  return { flow, run, version, tags: tags.items, fields: fields.items }
}
