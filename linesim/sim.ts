import type { SimClock } from './clock'
import type { FaultInjector } from './faults'
import type { Endpoint } from './limits/endpoints'
import type { RateLimiter } from './limits/rateLimiter'
import { DEFAULT_RATE_LIMITS, type RateLimit } from './limits/rateLimits'
import type { NarrowcastRunner } from './messaging/narrowcastRunner'
import type { StatePersistence } from './state/persistence'
import type { SimStore } from './state/store'
import type { ChannelState } from './state/types'
import type { WebhookSender } from './webhook/sender'

/** Everything the routes share: one simulator instance's state and machinery. */
export interface Sim {
  store: SimStore
  clock: SimClock
  faults: FaultInjector
  rateLimiter: RateLimiter
  webhooks: WebhookSender
  narrowcasts: NarrowcastRunner
  persistence: StatePersistence | null
  random: () => number
  /** Installation-wide limits (LINE's defaults overridden by `SimulatorOptions.rateLimits`). */
  rateLimits: Record<Endpoint, RateLimit>
  /** Something changed outside a request (a background job): save soon. */
  changed: () => void
}

/** A channel's own override first, then the installation's setting (itself LINE's default unless set). */
export function rateLimitFor(sim: Sim, channel: ChannelState, endpoint: Endpoint): RateLimit {
  return channel.limits.rateLimits[endpoint] ?? sim.rateLimits[endpoint] ?? DEFAULT_RATE_LIMITS[endpoint]
}
