/**
 * The simulated clock: the base clock (real time unless a test injects one) plus an offset that
 * `/_sim/clock/advance` moves forward. Everything time-dependent in LINE's contract (reply-token
 * expiry, retry-key memory, rate-limit windows, outages, monthly quota) reads this clock, so a test can
 * jump 24 hours without waiting.
 */
export class SimClock {
  constructor(
    private readonly base: () => number,
    private readonly getOffset: () => number,
    private readonly setOffset: (offsetMs: number) => void,
  ) {}

  now(): number {
    return this.base() + this.getOffset()
  }

  offsetMs(): number {
    return this.getOffset()
  }

  advance(ms: number): number {
    this.setOffset(this.getOffset() + ms)
    return this.now()
  }

  iso(at: number = this.now()): string {
    return new Date(at).toISOString()
  }
}
