import { call, failLoad, loadApi } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, url }) => {
  const api = loadApi({ fetch, url })
  // Totals only: a one-row page answers "how many" without listing anyone.
  const count = (status: 'following' | 'blocked') =>
    call(api.GET('/friends', { params: { query: { status, pageSize: 1 } } }))
  const [following, blocked] = await Promise.all([count('following'), count('blocked')]).catch(failLoad)
  return { counts: { following: following.total, blocked: blocked.total } }
}
