import { newId } from '../ids'
import type { SimClock } from '../clock'
import type { SimStore } from '../state/store'
import type { ChannelState, DeliveryKind, DeliveryReason, DeliveryRecord, JsonObject } from '../state/types'
import { eventUserId } from './events'
import { signWebhookBody } from './signature'

/** A reply token may be used for one minute after the webhook carrying it was sent. */
export const REPLY_TOKEN_TTL_MS = 60_000
/** ...and after a redelivery at most 20 minutes after the event itself. */
export const REDELIVERED_REPLY_TOKEN_MAX_MS = 20 * 60_000

const RESPONSE_BODY_KEEP = 2000

export interface WebhookSendOptions {
  kind: DeliveryKind
  /** Send to this URL instead of the channel's webhook URL (webhook test with `endpoint`). */
  url?: string | null
  /** Send this signature instead of the correct one (to test that receivers reject forgeries). */
  signature?: string
  destination?: string
}

export interface WebhookSenderDeps {
  store: SimStore
  clock: SimClock
  fetch: typeof fetch
  timeoutMs: number
}

function classifyError(error: unknown): { reason: DeliveryReason; message: string } {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return { reason: 'request_timeout', message: 'request_timeout' }
  }
  const code = err.cause?.code
  if (code && ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EHOSTUNREACH', 'EAI_AGAIN'].includes(code)) {
    return { reason: 'could_not_connect', message: `could_not_connect: ${code}` }
  }
  return {
    reason: 'unclassified',
    message: `unclassified: ${err.cause?.message ?? err.message ?? String(error)}`,
  }
}

/** Signs and POSTs webhook requests the way LINE does, and records every attempt. */
export class WebhookSender {
  constructor(private readonly deps: WebhookSenderDeps) {}

  async send(
    channel: ChannelState,
    events: JsonObject[],
    options: WebhookSendOptions,
  ): Promise<DeliveryRecord> {
    const now = this.deps.clock.now()
    // Tokens are registered before the request leaves: the receiver may reply before we see its answer.
    if (options.kind !== 'webhookTest')
      this.registerEvents(channel, events, now, options.kind === 'redelivery')

    const destination = options.destination ?? channel.config.botUserId
    const rawBody = JSON.stringify({ destination, events })
    const signature = options.signature ?? signWebhookBody(channel.config.secret, rawBody)
    const url = options.url === undefined ? channel.config.webhookUrl : options.url
    const record: DeliveryRecord = {
      id: newId(),
      at: this.deps.clock.iso(now),
      kind: options.kind,
      url,
      destination,
      events,
      signature,
      statusCode: null,
      reason: 'could_not_connect',
      durationMs: 0,
    }
    channel.deliveries.push(record)
    this.deps.store.trimLogs(channel)

    if (!url) {
      record.error = 'could_not_connect: the channel has no webhook URL'
      return record
    }
    const started = performance.now()
    try {
      const response = await this.deps.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'LineBotWebhook/2.0',
          'x-line-signature': signature,
        },
        body: rawBody,
        signal: AbortSignal.timeout(this.deps.timeoutMs),
      })
      const text = await response.text()
      record.statusCode = response.status
      record.reason = response.ok ? 'ok' : 'error_status_code'
      if (!response.ok) record.error = `error_status_code: ${response.status}`
      if (text) record.responseBody = text.slice(0, RESPONSE_BODY_KEEP)
    } catch (error) {
      const classified = classifyError(error)
      record.reason = classified.reason
      record.error = classified.message
    }
    record.durationMs = Math.round(performance.now() - started)
    return record
  }

  /** Remembers events (for redelivery), reply tokens (with their expiry) and read tokens. */
  private registerEvents(
    channel: ChannelState,
    events: JsonObject[],
    now: number,
    redelivery: boolean,
  ): void {
    for (const event of events) {
      const eventId = typeof event.webhookEventId === 'string' ? event.webhookEventId : null
      const timestamp = typeof event.timestamp === 'number' ? event.timestamp : now
      if (eventId && !channel.events[eventId]) {
        channel.events[eventId] = {
          event: { ...event, deliveryContext: { isRedelivery: false } },
          firstSentAt: now,
        }
      }
      const userId = eventUserId(event)
      if (typeof event.replyToken === 'string') {
        const token = channel.replyTokens[event.replyToken]
        const expiresAt = redelivery
          ? Math.min(now + REPLY_TOKEN_TTL_MS, timestamp + REDELIVERED_REPLY_TOKEN_MAX_MS)
          : now + REPLY_TOKEN_TTL_MS
        if (!token) {
          channel.replyTokens[event.replyToken] = {
            userId,
            webhookEventId: eventId,
            eventTimestamp: timestamp,
            expiresAt,
            usedAt: null,
          }
        } else if (redelivery && token.usedAt === null) {
          token.expiresAt = Math.max(token.expiresAt, expiresAt)
        }
      }
      const message = event.message as JsonObject | undefined
      if (
        event.type === 'message' &&
        userId &&
        message &&
        typeof message.markAsReadToken === 'string' &&
        typeof message.id === 'string'
      ) {
        channel.markAsReadTokens[message.markAsReadToken] = { userId, messageId: message.id }
      }
    }
  }
}
