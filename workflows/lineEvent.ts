import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  proxyLocalActivities,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow'
import type { MainActivities, SendActivities } from '../activities'
import type { LineEventInput, LineEventOutcome } from './lineEventInput'
import { sendQueueOf } from './taskQueues'

// Database steps are short: as local activities they run inside the workflow task, without a
// round trip to the Temporal server each, which is what lets one server ingest LINE's event rates.
const acts = proxyLocalActivities<MainActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 30 },
})

/** The LINE error that made a send fail for good, or rethrows anything else. */
function lineRejection(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
    return err.cause.message
  }
  throw err
}

/**
 * One LINE webhook event, processed once (the workflow ID is the event's webhookEventId): record it,
 * keep the friend up to date, answer a follow with the channel's greeting.
 */
export async function lineEvent(input: LineEventInput): Promise<LineEventOutcome> {
  const { channelId, event } = input
  // Sends time out quickly so a crashed worker's send is retried within seconds, not minutes.
  const send = proxyActivities<SendActivities>({
    taskQueue: sendQueueOf(workflowInfo().taskQueue),
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '5 minutes', maximumAttempts: 50 },
  })

  await acts.recordWebhookEvent(input)
  const lineUserId = event.source?.type === 'user' ? event.source.userId : undefined
  let outcome: LineEventOutcome = { handled: 'recorded' }

  if (lineUserId && event.type === 'follow') {
    const friend = await acts.followFriend({ channelId, lineUserId, at: event.timestamp })
    outcome = { handled: 'follow', friendId: friend.friendId }
    // Standby mode: another channel owner's bot answers; we must not send.
    if (event.mode !== 'standby') {
      const messages = await acts.loadGreeting({ channelId, friendId: friend.friendId })
      const retryKey = uuid4()
      try {
        const sent = await send.sendToFriend({
          channelId,
          friendId: friend.friendId,
          lineUserId,
          messages,
          retryKey,
          origin: 'greeting',
          replyToken: event.replyToken,
          eventTimestamp: event.timestamp,
        })
        outcome.greeting = sent
      } catch (err) {
        outcome.lineError = lineRejection(err)
      }
    }
  } else if (lineUserId && event.type === 'unfollow') {
    const friend = await acts.unfollowFriend({ channelId, lineUserId, at: event.timestamp })
    outcome = { handled: 'unfollow', friendId: friend.friendId }
  } else if (lineUserId && (event.type === 'message' || event.type === 'postback')) {
    const friend = await acts.ensureFriend({ channelId, lineUserId })
    await acts.recordInbound({ channelId, friendId: friend.friendId, event })
    outcome = { handled: event.type, friendId: friend.friendId }
  }

  await acts.finishWebhookEvent({ webhookEventId: event.webhookEventId, error: outcome.lineError })
  return outcome
}
