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
  return { flow, run, tags: tags.items, fields: fields.items }
}
