import { newMarkAsReadToken, newMessageId, newQuoteToken, newReplyToken, newWebhookEventId } from '../ids'
import type { JsonObject } from '../state/types'

/** Event types for which LINE includes a replyToken (when mode is active). */
export const REPLYABLE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'message',
  'follow',
  'postback',
  'join',
  'memberJoined',
  'beacon',
  'accountLink',
  'things',
  'videoPlayComplete',
  'membership',
])

/** Message types whose message object carries a quoteToken. */
const QUOTABLE_MESSAGE_TYPES: ReadonlySet<string> = new Set(['text', 'sticker', 'image', 'video'])

function baseEvent(type: string, userId: string, now: number): JsonObject {
  const event: JsonObject = {
    type,
    mode: 'active',
    timestamp: now,
    source: { type: 'user', userId },
    webhookEventId: newWebhookEventId(now),
    deliveryContext: { isRedelivery: false },
  }
  if (REPLYABLE_EVENT_TYPES.has(type)) event.replyToken = newReplyToken()
  return event
}

export function followEvent(userId: string, now: number, isUnblocked: boolean): JsonObject {
  return { ...baseEvent('follow', userId, now), follow: { isUnblocked } }
}

export function unfollowEvent(userId: string, now: number): JsonObject {
  return baseEvent('unfollow', userId, now)
}

export function postbackEvent(
  userId: string,
  now: number,
  data: string,
  params: Record<string, string> | undefined,
): JsonObject {
  return { ...baseEvent('postback', userId, now), postback: params ? { data, params } : { data } }
}

export type UserMessageInput =
  | { type: 'text'; text: string; emojis?: JsonObject[]; quotedMessageId?: string }
  | { type: 'sticker'; packageId: string; stickerId: string; keywords?: string[]; quotedMessageId?: string }

/** The message object LINE puts in a message event for what the simulated user typed. */
export function userMessageObject(input: UserMessageInput): JsonObject {
  const common = { id: newMessageId(), quoteToken: newQuoteToken(), markAsReadToken: newMarkAsReadToken() }
  const quoted = input.quotedMessageId ? { quotedMessageId: input.quotedMessageId } : {}
  if (input.type === 'text') {
    return {
      ...common,
      type: 'text',
      text: input.text,
      ...(input.emojis ? { emojis: input.emojis } : {}),
      ...quoted,
    }
  }
  return {
    ...common,
    type: 'sticker',
    packageId: input.packageId,
    stickerId: input.stickerId,
    stickerResourceType: 'STATIC',
    ...(input.keywords ? { keywords: input.keywords } : {}),
    ...quoted,
  }
}

export function messageEvent(userId: string, now: number, message: JsonObject): JsonObject {
  return { ...baseEvent('message', userId, now), message }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Completes a hand-written event the way LINE would have sent it: the common fields when missing, a
 * replyToken for replyable types in active mode, ids and tokens on a message. Unknown types pass
 * through with only the common fields added, so receivers can be tested on events they do not know.
 */
export function completeEvent(partial: JsonObject, now: number): JsonObject {
  const event: JsonObject = { ...partial }
  const type = typeof event.type === 'string' ? event.type : 'unknown'
  event.mode ??= 'active'
  event.timestamp ??= now
  event.webhookEventId ??= newWebhookEventId(now)
  event.deliveryContext ??= { isRedelivery: false }
  if (event.replyToken === undefined && event.mode === 'active' && REPLYABLE_EVENT_TYPES.has(type)) {
    event.replyToken = newReplyToken()
  }
  if (type === 'message' && isObject(event.message)) {
    const message: JsonObject = { ...event.message }
    message.id ??= newMessageId()
    if (typeof message.type === 'string' && QUOTABLE_MESSAGE_TYPES.has(message.type)) {
      message.quoteToken ??= newQuoteToken()
    }
    message.markAsReadToken ??= newMarkAsReadToken()
    event.message = message
  }
  return event
}

/** The same event, flagged as a redelivery: webhookEventId, timestamp and replyToken unchanged. */
export function asRedelivery(event: JsonObject): JsonObject {
  return { ...event, deliveryContext: { isRedelivery: true } }
}

export function eventUserId(event: JsonObject): string | null {
  const source = event.source
  if (isObject(source) && typeof source.userId === 'string') return source.userId
  return null
}
