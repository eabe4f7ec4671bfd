import { createApi, failLoad } from '$lib/api'
import type { PageLoad } from './$types'

const PAGE_SIZE = 30

export const load: PageLoad = async ({ fetch, url }) => {
  const unreadOnly = url.searchParams.get('unread') === 'true'
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page'))) || 1)
  const notifications = await createApi({ fetch })
    .notifications.list({ unread: unreadOnly, page, pageSize: PAGE_SIZE })
    .catch(failLoad)
  return { notifications, filters: { unreadOnly, page } }
}
