import { randomBytes, randomInt, randomUUID } from 'node:crypto'
import { monotonicFactory } from 'ulid'

/** LINE user IDs (and bot user IDs): `U` + 32 lowercase hex characters. */
export const USER_ID_PATTERN = /^U[0-9a-f]{32}$/

/** X-Line-Retry-Key must be a UUID in hexadecimal form (any version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function newUserId(): string {
  return `U${randomBytes(16).toString('hex')}`
}

/** Reply tokens on LINE are 32 hex characters. */
export function newReplyToken(): string {
  return randomBytes(16).toString('hex')
}

/** LINE's request IDs (X-Line-Request-Id) are UUIDs. */
export function newRequestId(): string {
  return randomUUID()
}

/** LINE message IDs are numeric strings of about 18 digits. */
export function newMessageId(): string {
  let digits = String(randomInt(1, 10))
  for (let i = 0; i < 17; i++) digits += String(randomInt(0, 10))
  return digits
}

export function newQuoteToken(): string {
  return randomBytes(48).toString('base64url')
}

export function newMarkAsReadToken(): string {
  return randomBytes(24).toString('base64url')
}

/** Basic IDs look like `@123abcde`. */
export function newBasicId(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz'
  let id = '@'
  for (let i = 0; i < 3; i++) id += String(randomInt(0, 10))
  for (let i = 0; i < 5; i++) id += letters[randomInt(0, letters.length)]
  return id
}

// Monotonic so that events created within one millisecond still sort in creation order.
const ulidFactory = monotonicFactory()

/** webhookEventId: a ULID whose time part is the (simulated) event time. */
export function newWebhookEventId(now: number): string {
  return ulidFactory(now)
}

export function newId(): string {
  return randomUUID()
}
