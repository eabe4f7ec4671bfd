/**
 * Group commit: callers who write while a write is in flight are collected and written together
 * by the next one, so N concurrent requests cost one round trip and one commit (one fsync) instead
 * of N. Alone, a caller is written at once — no timer, no added latency at low load. Each caller's
 * promise settles with the write that carried its items; when a shared write fails, each caller is
 * written again alone, so only the callers whose own write fails see the error.
 */
export function groupCommit<T>(
  write: (items: T[]) => Promise<void>,
  maxBatch: number,
): (items: T[]) => Promise<void> {
  interface Waiting {
    items: T[]
    resolve: () => void
    reject: (err: unknown) => void
  }
  let queue: Waiting[] = []
  let writing = false

  async function drain() {
    writing = true
    while (queue.length > 0) {
      // Whole callers only: one caller's items are never split across two writes.
      let count = 0
      let take = 0
      while (take < queue.length && (take === 0 || count + queue[take]!.items.length <= maxBatch)) {
        count += queue[take]!.items.length
        take++
      }
      const group = queue.slice(0, take)
      queue = queue.slice(take)
      try {
        await write(group.flatMap((w) => w.items))
        for (const w of group) w.resolve()
      } catch (err) {
        if (group.length === 1) group[0]!.reject(err)
        // One caller's bad items must not fail its neighbours: each is written again on its own.
        else await Promise.all(group.map((w) => write(w.items).then(w.resolve, w.reject)))
      }
    }
    writing = false
  }

  return (items) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ items, resolve, reject })
      if (!writing) void drain()
    })
}
