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
import { signalRuns, startTriggeredScenarios } from './dispatch'
import type { ScenarioFriendEvent } from './scenarioInput'
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
      // Scenarios start after the greeting (which used the reply token).
      await startTriggeredScenarios(
        acts,
        { channelId, friendId: friend.friendId, lineUserId },
        { kind: 'follow', refollow: event.follow?.isUnblocked ?? false },
        { at: event.timestamp },
      )
    }
  } else if (lineUserId && event.type === 'unfollow') {
    const friend = await acts.unfollowFriend({ channelId, lineUserId, at: event.timestamp })
    outcome = { handled: 'unfollow', friendId: friend.friendId }
    await signalRuns(await acts.listActiveRuns({ friendId: friend.friendId }), 'blocked')
    await signalRuns(await acts.listActiveReminderRuns({ friendId: friend.friendId }), 'blocked')
  } else if (lineUserId && (event.type === 'message' || event.type === 'postback')) {
    const friend = await acts.ensureFriend({ channelId, lineUserId })
    await acts.recordInbound({ channelId, friendId: friend.friendId, event })
    outcome = { handled: event.type, friendId: friend.friendId }
    const text = event.type === 'message' && event.message?.type === 'text' ? event.message.text : undefined
    const data = event.type === 'postback' ? event.postback?.data : undefined
    const friendEvent: ScenarioFriendEvent | undefined =
      typeof text === 'string'
        ? { kind: 'reply', at: event.timestamp, text }
        : typeof data === 'string'
          ? { kind: 'postback', at: event.timestamp, data }
          : undefined
    if (friendEvent && event.mode !== 'standby') {
      // Runs already waiting hear the event first; runs it starts only see later ones.
      await signalRuns(await acts.listActiveRuns({ friendId: friend.friendId }), 'friendEvent', friendEvent)
      await startTriggeredScenarios(
        acts,
        { channelId, friendId: friend.friendId, lineUserId },
        friendEvent.kind === 'reply'
          ? { kind: 'message', text: friendEvent.text }
          : { kind: 'postback', data: friendEvent.data },
        { at: event.timestamp, ...(event.replyToken ? { replyToken: event.replyToken } : {}) },
      )
    }
  }

  await acts.finishWebhookEvent({ webhookEventId: event.webhookEventId, error: outcome.lineError })
  return outcome
}
