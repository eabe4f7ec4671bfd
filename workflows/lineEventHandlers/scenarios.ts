import { scenarioSignals, type ScenarioFriendEvent } from '../contracts/scenario'
import { signalRuns, startTriggeredScenarios } from '../dispatch'
import { dbSteps as acts } from '../proxies'
import type { LineEventHandler } from './types'

/** Follows start the channel's follow-triggered scenarios (after the greeting, which used the reply token). */
export const startFollowScenarios: LineEventHandler = {
  answers: true,
  async handle({ event, friend }) {
    await startTriggeredScenarios(
      acts,
      friend,
      { kind: 'follow', refollow: event.follow?.isUnblocked ?? false },
      { at: event.timestamp },
    )
  },
}

/** A friend who blocked the account ends every run in progress. */
export const blockScenarioRuns: LineEventHandler = {
  answers: false,
  async handle({ friend }) {
    await signalRuns(await acts.listActiveRuns({ friendId: friend.friendId }), scenarioSignals.blocked)
  },
}

/** A text message or postback wakes runs waiting for it, then starts the scenarios it triggers. */
export const passFriendEvent: LineEventHandler = {
  answers: true,
  async handle({ event, friend }) {
    const text = event.type === 'message' && event.message?.type === 'text' ? event.message.text : undefined
    const data = event.type === 'postback' ? event.postback?.data : undefined
    const friendEvent: ScenarioFriendEvent | undefined =
      typeof text === 'string'
        ? { kind: 'reply', at: event.timestamp, text }
        : typeof data === 'string'
          ? { kind: 'postback', at: event.timestamp, data }
          : undefined
    if (!friendEvent) return
    // Runs already waiting hear the event first; runs it starts only see later ones.
    const waiting = await acts.listActiveRuns({ friendId: friend.friendId })
    await signalRuns(waiting, scenarioSignals.friendEvent, friendEvent)
    await startTriggeredScenarios(
      acts,
      friend,
      friendEvent.kind === 'reply'
        ? { kind: 'message', text: friendEvent.text }
        : { kind: 'postback', data: friendEvent.data },
      { at: event.timestamp, ...(event.replyToken ? { replyToken: event.replyToken } : {}) },
    )
  },
}
