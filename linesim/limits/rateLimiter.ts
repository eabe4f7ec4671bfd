import type { RateLimit } from './rateLimits'

/**
 * Sliding-window log per key (channel + endpoint). Exact rather than approximate because tests set
 * tiny limits (2 per second) and expect the third request to be refused, not "probably".
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>()

  /** Records the request and returns true when it fits in the window; refused requests are not recorded. */
  tryAcquire(key: string, limit: RateLimit, now: number): boolean {
    const log = this.windows.get(key) ?? []
    const cutoff = now - limit.windowMs
    let expired = 0
    while (expired < log.length && (log[expired] as number) <= cutoff) expired++
    if (expired > 0) log.splice(0, expired)
    if (log.length >= limit.limit) {
      this.windows.set(key, log)
      return false
    }
    log.push(now)
    this.windows.set(key, log)
    return true
  }

  /** Forgets the windows of keys starting with `prefix` (all windows without one). */
  reset(prefix?: string): void {
    if (prefix === undefined) {
      this.windows.clear()
      return
    }
    for (const key of [...this.windows.keys()]) if (key.startsWith(prefix)) this.windows.delete(key)
  }
}
