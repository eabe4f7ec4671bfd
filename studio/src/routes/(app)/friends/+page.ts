import { call, failLoad, loadApi, type FriendStatus } from '$lib/api'
import type { PageLoad } from './$types'

const PAGE_SIZE = 20

// The URL is the state of the list (search, filter, page): shareable and back-button friendly.
export const load: PageLoad = async ({ fetch, url }) => {
  const q = url.searchParams.get('q')?.trim() ?? ''
  const raw = url.searchParams.get('status')
  const status: FriendStatus | '' = raw === 'following' || raw === 'blocked' ? raw : ''
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page'))) || 1)
  const query = { q: q || undefined, status: status || undefined, page, pageSize: PAGE_SIZE }
  const friends = await call(loadApi({ fetch, url }).GET('/friends', { params: { query } })).catch(failLoad)
  return { friends, filters: { q, status, page } }
}
