import { createApi, failLoad } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, params }) => {
  const api = createApi({ fetch })
  const [friend, messages, runs] = await Promise.all([
    api.friends.get(params.id),
    api.friends.messages(params.id, { limit: 30 }),
    api.friends.runs(params.id, { pageSize: 20 }),
  ]).catch(failLoad)
  return { friend, messages, runs }
}
