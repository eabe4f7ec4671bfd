import type { LineEventInput, LineEventOutcome } from './contracts/lineEvent'
import { isHandledEventType, lineEventRoutes } from './lineEventHandlers'
import { dbSteps as acts } from './proxies'

/**
 * One LINE webhook event, processed once (the workflow ID is the event's webhookEventId): record it,
 * keep the friend up to date, and let each feature handle it (`lineEventRoutes`).
 */
export async function lineEvent(input: LineEventInput): Promise<LineEventOutcome> {
  const { channelId, event } = input
  await acts.recordWebhookEvent(input)
  const lineUserId = event.source?.type === 'user' ? event.source.userId : undefined
  let outcome: LineEventOutcome = { handled: 'recorded' }

  if (lineUserId && isHandledEventType(event.type)) {
    const route = lineEventRoutes[event.type]
    const { friendId } = await route.friend({ channelId, lineUserId, at: event.timestamp })
    outcome = { handled: event.type, friendId }
    const ctx = { event, friend: { channelId, friendId, lineUserId }, outcome }
    // Standby mode: another channel owner's bot answers; we must not send.
    const standby = event.mode === 'standby'
    for (const handler of route.handlers) if (!standby || !handler.answers) await handler.handle(ctx)
  }

  await acts.finishWebhookEvent({ webhookEventId: event.webhookEventId, error: outcome.lineError })
  return outcome
}
