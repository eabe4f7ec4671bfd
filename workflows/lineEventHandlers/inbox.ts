import { dbSteps as acts } from '../proxies'
import type { LineEventHandler } from './types'

/** Messages and postbacks land in the inbox, in standby mode too. */
export const recordInbound: LineEventHandler = {
  answers: false,
  async handle({ event, friend }) {
    await acts.recordInbound({ channelId: friend.channelId, friendId: friend.friendId, event })
  },
}
