/** A LINE webhook event as the API hands it to Temporal (validated at the edge, otherwise as LINE sent it). */
export interface LineWebhookEvent {
  type: string
  webhookEventId: string
  timestamp: number
  mode?: string
  replyToken?: string
  source?: { type: string; userId?: string; groupId?: string; roomId?: string }
  deliveryContext?: { isRedelivery?: boolean }
  message?: { id?: string; type: string; [key: string]: unknown }
  postback?: { data: string; params?: Record<string, unknown> }
  follow?: { isUnblocked?: boolean }
  [key: string]: unknown
}

export interface LineEventInput {
  channelId: string
  /** The bot user ID the webhook was addressed to. */
  destination: string
  event: LineWebhookEvent
}

export interface LineEventOutcome {
  handled: 'follow' | 'unfollow' | 'message' | 'postback' | 'recorded'
  friendId?: string
  /** How the greeting went out, when one was sent. */
  greeting?: { method: 'reply' | 'push'; requestId?: string }
  /** The LINE error that stopped a send, recorded on the event. */
  lineError?: string
}

export function lineEventWorkflowId(webhookEventId: string): string {
  return `line-event-${webhookEventId}`
}

/** The `lineEvent` workflow (workflows/lineEvent.ts), as clients start it. */
export type LineEventWorkflow = (input: LineEventInput) => Promise<LineEventOutcome>
