import { z } from 'zod'
import { ENDPOINTS, type Endpoint } from './endpoints'

/** At most `limit` requests in any sliding window of `windowMs`. */
export interface RateLimit {
  limit: number
  windowMs: number
}

const SECOND = 1000
const HOUR = 3_600_000

/**
 * LINE's published per-channel limits (LINE-CONTRACT.md §3). Endpoints LINE does not list get the
 * general 2,000 req/s (UNCONFIRMED, a reasonable default).
 */
export const DEFAULT_RATE_LIMITS: Record<Endpoint, RateLimit> = {
  reply: { limit: 2000, windowMs: SECOND },
  push: { limit: 2000, windowMs: SECOND },
  multicast: { limit: 200, windowMs: SECOND },
  broadcast: { limit: 60, windowMs: HOUR },
  narrowcast: { limit: 60, windowMs: HOUR },
  narrowcastProgress: { limit: 2000, windowMs: SECOND },
  profile: { limit: 2000, windowMs: SECOND },
  followers: { limit: 2000, windowMs: SECOND },
  quota: { limit: 2000, windowMs: SECOND },
  quotaConsumption: { limit: 2000, windowMs: SECOND },
  loading: { limit: 100, windowMs: SECOND },
  markAsRead: { limit: 2000, windowMs: SECOND },
  info: { limit: 2000, windowMs: SECOND },
  webhookTest: { limit: 60, windowMs: HOUR },
  webhookEndpoint: { limit: 1000, windowMs: SECOND },
}

/**
 * How a limit may be written: a bare number (per the endpoint's own window: per second for push, per
 * hour for broadcast), `{perSecond}`, `{perHour}` or the explicit `{limit, windowMs}`.
 */
export const rateLimitInputSchema = z.union([
  z.number().int().min(0),
  z.object({ perSecond: z.number().int().min(0) }).strict(),
  z.object({ perHour: z.number().int().min(0) }).strict(),
  z.object({ limit: z.number().int().min(0), windowMs: z.number().int().min(1) }).strict(),
])

export type RateLimitInput = z.infer<typeof rateLimitInputSchema>

export type RateLimitOverrides = Partial<Record<Endpoint, RateLimitInput>>

export const rateLimitOverridesSchema = z.partialRecord(z.enum(ENDPOINTS), rateLimitInputSchema)

export function normalizeRateLimit(endpoint: Endpoint, input: RateLimitInput): RateLimit {
  if (typeof input === 'number') return { limit: input, windowMs: DEFAULT_RATE_LIMITS[endpoint].windowMs }
  if ('perSecond' in input) return { limit: input.perSecond, windowMs: SECOND }
  if ('perHour' in input) return { limit: input.perHour, windowMs: HOUR }
  return { limit: input.limit, windowMs: input.windowMs }
}

export function normalizeOverrides(
  input: RateLimitOverrides | undefined,
): Partial<Record<Endpoint, RateLimit>> {
  const out: Partial<Record<Endpoint, RateLimit>> = {}
  for (const endpoint of ENDPOINTS) {
    const value = input?.[endpoint]
    if (value !== undefined) out[endpoint] = normalizeRateLimit(endpoint, value)
  }
  return out
}
