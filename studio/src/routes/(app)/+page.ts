import { createApi, failLoad } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch }) => {
  const api = createApi({ fetch })
  // Totals only: a one-row page answers "how many" without listing anyone.
  const [following, blocked] = await Promise.all([
    api.friends.list({ status: 'following', pageSize: 1 }),
    api.friends.list({ status: 'blocked', pageSize: 1 }),
  ]).catch(failLoad)
  return { counts: { following: following.total, blocked: blocked.total } }
}
