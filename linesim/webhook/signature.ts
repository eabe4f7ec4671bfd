import { createHmac } from 'node:crypto'

/** `x-line-signature`: Base64(HMAC-SHA256(channelSecret, rawBody)), over the exact bytes sent. */
export function signWebhookBody(channelSecret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64')
}
