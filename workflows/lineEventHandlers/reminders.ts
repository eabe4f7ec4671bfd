import { reminderSignals } from '../contracts/reminder'
import { signalRuns } from '../dispatch'
import { dbSteps as acts } from '../proxies'
import type { LineEventHandler } from './types'

/** A friend who blocked the account gets no more reminders. */
export const blockReminderRuns: LineEventHandler = {
  answers: false,
  async handle({ friend }) {
    await signalRuns(
      await acts.listActiveReminderRuns({ friendId: friend.friendId }),
      reminderSignals.blocked,
    )
  },
}
