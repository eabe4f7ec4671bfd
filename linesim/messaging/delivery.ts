import { newMessageId, newQuoteToken } from '../ids'
import type { Sim } from '../sim'
import type { ChannelState, JsonObject, SendVia, SentMessage, SimUser } from '../state/types'

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
