import { call, failLoad, loadApi } from '$lib/api'
import type { PageLoad } from './$types'

const PAGE_SIZE = 30

export const load: PageLoad = async ({ fetch, url }) => {
  const unreadOnly = url.searchParams.get('unread') === 'true'
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page'))) || 1)
  const query = { unread: unreadOnly ? ('true' as const) : undefined, page, pageSize: PAGE_SIZE }
  const notifications = await call(
    loadApi({ fetch, url }).GET('/notifications', { params: { query } }),
  ).catch(failLoad)
  return { notifications, filters: { unreadOnly, page } }
}
