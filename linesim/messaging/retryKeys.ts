import { LineApiError } from '../errors'
import { UUID_PATTERN } from '../ids'
import { RETRYABLE_ENDPOINTS, type Endpoint } from '../limits/endpoints'
import type { ChannelState, SentMessage } from '../state/types'
import { RETRY_KEY_TTL_MS } from '../state/store'

/** Reads X-Line-Retry-Key: a UUID on push/multicast/narrowcast/broadcast, refused everywhere else. */
export function readRetryKey(header: string | string[] | undefined, endpoint: Endpoint): string | null {
  if (header === undefined) return null
  const value = Array.isArray(header) ? header[0] : header
  if (!RETRYABLE_ENDPOINTS.has(endpoint)) {
    throw new LineApiError(400, 'The X-Line-Retry-Key header cannot be used with this endpoint')
  }
  if (!value || !UUID_PATTERN.test(value)) {
    throw new LineApiError(400, 'The X-Line-Retry-Key header must be a UUID')
  }
  return value.toLowerCase()
}

/**
 * A key accepted in the last 24 hours: 409 with the original request ID (and, for push, the messages it
 * sent), so the retry sends nothing and the caller can treat it as success.
 */
export function rejectAcceptedRetryKey(channel: ChannelState, key: string | null, now: number): void {
  if (!key) return
  const record = channel.retryKeys[key]
  if (!record) return
  if (now - record.acceptedAt >= RETRY_KEY_TTL_MS) {
    delete channel.retryKeys[key]
    return
  }
  throw new LineApiError(
    409,
    'The retry key is already accepted',
    undefined,
    { 'x-line-accepted-request-id': record.requestId },
    record.sentMessages ? { sentMessages: record.sentMessages } : undefined,
  )
}

export function acceptRetryKey(
  channel: ChannelState,
  key: string | null,
  endpoint: Endpoint,
  requestId: string,
  now: number,
  sentMessages?: SentMessage[],
): void {
  if (!key) return
  channel.retryKeys[key] = { requestId, endpoint, acceptedAt: now, ...(sentMessages ? { sentMessages } : {}) }
}
