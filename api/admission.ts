/**
 * Bounds the events being handed to Temporal at once. Past the bound a webhook is refused at once
 * with 503 (LINE redelivers it) instead of queueing until every request misses LINE's 2 s limit.
 */
export function admission(limit: number) {
  let inFlight = 0
  return {
    /** Runs `work` for `count` events if there is room; false when refused. */
    async tryRun(count: number, work: () => Promise<void>): Promise<boolean> {
      if (inFlight > 0 && inFlight + count > limit) return false
      inFlight += count
      try {
        await work()
        return true
      } finally {
        inFlight -= count
      }
    },
  }
}
