import { createApi, failLoad } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, params }) => {
  const api = createApi({ fetch })
  // Pickers (tags, fields, other scenarios) are a convenience: the editor works without them.
  const [flow, tags, fields, flows] = await Promise.all([
    api.flows.get(params.id).catch(failLoad),
    api.tags.list().catch(() => ({ items: [] })),
    api.fields.list().catch(() => ({ items: [] })),
    api.flows.list().catch(() => ({ items: [] })),
  ])
  return { flow, tags: tags.items, fields: fields.items, flows: flows.items }
}
