import { api } from '$lib/api/browser'

/** The unread count the bell shows; the notifications page updates it as things are read. */
export const unread = $state({ count: 0 })

export async function refreshUnread(): Promise<void> {
  try {
    unread.count = (await api.notifications.list({ unread: true, pageSize: 1 })).unreadCount
  } catch {
    // A failed poll keeps the last count; the next one tries again.
  }
}
