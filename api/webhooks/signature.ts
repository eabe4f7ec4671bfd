import { createHmac, timingSafeEqual } from 'node:crypto'

/** LINE's `x-line-signature`: Base64(HMAC-SHA256(channel secret, raw body)), compared in constant time. */
export function isValidLineSignature(
  rawBody: Buffer,
  secret: string,
  signature: string | undefined,
): boolean {
  if (!signature) return false
  const expected = createHmac('sha256', secret).update(rawBody).digest()
  const given = Buffer.from(signature, 'base64')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
