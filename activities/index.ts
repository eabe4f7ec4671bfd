import type { PrismaClient } from '../prisma/client'
import type { ReminderScheduler } from '../workflows/contracts/reminder'
import { eventActivities } from './events'
import { friendActivities } from './friends'
import { greetingActivities } from './greeting'
import { inboxActivities } from './inbox'
import type { LineClients } from './line'
import { mailActivities, type Mailer } from './mail'
import { reminderActivities } from './reminders'
import { scenarioActivities } from './scenario'
import { sendActivities } from './send'

export interface ActivityDeps {
  prisma: PrismaClient
  line: LineClients
  mailer: Mailer
  /** For links in e-mails. */
  studioOrigin: string
  /** Starts and signals reminders (field-bound sets follow the fields activities write). */
  reminders: ReminderScheduler
}

/** Activities of the main task queue: everything but LINE sends. */
export function createActivities({ prisma, line, mailer, studioOrigin, reminders }: ActivityDeps) {
  return {
    ...eventActivities(prisma),
    ...friendActivities(prisma, line),
    ...inboxActivities(prisma),
    ...greetingActivities(prisma),
    ...scenarioActivities(prisma, reminders),
    ...mailActivities(prisma, mailer, studioOrigin),
    ...reminderActivities(prisma),
  }
}

/** Activities of the sending task queue, rate limited by Temporal. */
export function createSendActivities({ prisma, line }: ActivityDeps) {
  return sendActivities(prisma, line)
}

export type MainActivities = ReturnType<typeof createActivities>
export type SendActivities = ReturnType<typeof createSendActivities>
