import type { MessageRecord } from './api'

/** Pages of history merged for display: duplicates dropped, oldest first like any chat. */
export function mergeMessages(...pages: MessageRecord[][]): MessageRecord[] {
  const byId = new Map<string, MessageRecord>()
  for (const page of pages) for (const m of page) byId.set(m.id, m)
  // Messages saved in one go (a greeting) can share a millisecond; ids (cuid) keep their order.
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : 1))
}
