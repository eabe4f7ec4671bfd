import { api, call } from '$lib/api/browser'

/** The unread count the bell shows; the notifications page updates it as things are read. */
export const unread = $state({ count: 0 })

export async function refreshUnread(): Promise<void> {
  try {
    const query = { unread: 'true' as const, pageSize: 1 }
    unread.count = (await call(api.GET('/notifications', { params: { query } }))).unreadCount
  } catch {
    // A failed poll keeps the last count; the next one tries again.
  }
}
