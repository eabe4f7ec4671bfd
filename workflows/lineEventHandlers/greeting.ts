import { uuid4 } from '@temporalio/workflow'
import { lineRefusal } from '../lineRefusal'
import { dbSteps as acts, lineSends } from '../proxies'
import type { LineEventHandler } from './types'

/** A new (or returning) friend gets the channel's greeting, by reply while the token is fresh. */
export const sendGreeting: LineEventHandler = {
  answers: true,
  async handle({ event, friend, outcome }) {
    const messages = await acts.loadGreeting({ channelId: friend.channelId, friendId: friend.friendId })
    const retryKey = uuid4()
    try {
      outcome.greeting = await lineSends().sendToFriend({
        ...friend,
        messages,
        retryKey,
        origin: 'greeting',
        replyToken: event.replyToken,
        eventTimestamp: event.timestamp,
      })
    } catch (err) {
      outcome.lineError = lineRefusal(err).message
    }
  },
}
