/**
 * Names of the simulated Messaging API endpoints. They key rate limits, fault rules and the request log
 * filter (`/_sim/channels/:id/requests?endpoint=push`).
 */
export const ENDPOINTS = [
  'reply',
  'push',
  'multicast',
  'broadcast',
  'narrowcast',
  'narrowcastProgress',
  'profile',
  'followers',
  'quota',
  'quotaConsumption',
  'loading',
  'markAsRead',
  'info',
  'webhookTest',
  'webhookEndpoint',
] as const

export type Endpoint = (typeof ENDPOINTS)[number]

export function isEndpoint(value: string): value is Endpoint {
  return (ENDPOINTS as readonly string[]).includes(value)
}

/** The endpoints that take `X-Line-Retry-Key`; every other endpoint answers 400 when it is sent. */
export const RETRYABLE_ENDPOINTS: ReadonlySet<Endpoint> = new Set([
  'push',
  'multicast',
  'narrowcast',
  'broadcast',
])
