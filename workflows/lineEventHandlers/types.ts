import type { LineEventOutcome, LineWebhookEvent } from '../contracts/lineEvent'
import type { FriendRef } from '../dispatch'

/** What a handler gets: the event, the friend it came from, and the outcome it may add to. */
export interface LineEventContext {
  event: LineWebhookEvent
  friend: FriendRef
  outcome: LineEventOutcome
}

export interface LineEventHandler {
  /** It sends or acts for the channel: skipped in standby mode, when another owner's bot answers. */
  answers: boolean
  handle(ctx: LineEventContext): Promise<void>
}

/** The event types with handlers (each names its outcome). */
export type HandledEventType = Exclude<LineEventOutcome['handled'], 'recorded'>

/** How a friend's events of one type are handled: who the friend is, then each feature in order. */
export interface LineEventRoute {
  friend(input: { channelId: string; lineUserId: string; at: number }): Promise<{ friendId: string }>
  handlers: LineEventHandler[]
}
