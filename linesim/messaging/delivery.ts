import { newMessageId, newQuoteToken } from '../ids'
import { assertQuota, consumeQuota } from '../limits/quota'
import type { Sim } from '../sim'
import type { ChannelState, JsonObject, SendVia, SentMessage, SimUser } from '../state/types'
import type { EndpointContext, EndpointResult } from './endpoint'
import { acceptRetryKey } from './retryKeys'

/** LINE answers reply and push with one `{id, quoteToken}` per message object. */
export function sentMessagesFor(messages: readonly JsonObject[]): SentMessage[] {
  return messages.map(() => ({ id: newMessageId(), quoteToken: newQuoteToken() }))
}

/** Only friends receive pushes, multicasts, broadcasts and narrowcasts (blocked and never-followed users do not). */
export function isFriend(user: SimUser | undefined): user is SimUser {
  return user?.followState === 'following'
}

export function friends(channel: ChannelState): SimUser[] {
  return Object.values(channel.users).filter(isFriend)
}

export interface DeliveryMeta {
  via: SendVia
  requestId: string
  retryKey: string | null
  at: number
}

/** Appends the bot's messages to the user's chat log; a delivered message ends the loading animation. */
export function appendBotMessages(
  sim: Sim,
  channel: ChannelState,
  user: SimUser,
  messages: readonly JsonObject[],
  sent: readonly SentMessage[] | null,
  meta: DeliveryMeta,
): void {
  const chat = (channel.chats[user.userId] ??= [])
  const at = sim.clock.iso(meta.at)
  messages.forEach((message, i) => {
    chat.push({
      id: sent?.[i]?.id ?? newMessageId(),
      direction: 'bot',
      at,
      message,
      via: meta.via,
      requestId: meta.requestId,
      ...(meta.retryKey ? { retryKey: meta.retryKey } : {}),
    })
  })
  user.loadingUntil = null
}

/**
 * Multicast and broadcast: the same messages to every recipient, counted against the monthly quota
 * all at once (over it, nobody receives anything), then the retry key is accepted.
 */
export function sendToAll(
  ctx: EndpointContext,
  via: 'multicast' | 'broadcast',
  recipients: readonly SimUser[],
  messages: readonly JsonObject[],
): EndpointResult {
  assertQuota(ctx.channel, recipients.length, ctx.now)
  consumeQuota(ctx.channel, recipients.length, ctx.now)
  for (const user of recipients) {
    appendBotMessages(ctx.sim, ctx.channel, user, messages, null, {
      via,
      requestId: ctx.requestId,
      retryKey: ctx.retryKey,
      at: ctx.now,
    })
  }
  acceptRetryKey(ctx.channel, ctx.retryKey, via, ctx.requestId, ctx.now)
  return { body: {} }
}
