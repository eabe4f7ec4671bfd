import type { ReminderStep, ScheduledStep } from '../flow/reminder'

/** The set as it was when the run started: editing the set never changes running reminders. */
export interface ReminderSetSnapshot {
  id: string
  name: string
  steps: ReminderStep[]
}

/** Input of the `reminder` workflow. */
export interface ReminderInput {
  /** The ReminderRun row's ID (created by the workflow). */
  runId: string
  channelId: string
  friendId: string
  lineUserId: string
  /** The channel's time zone: offsets like 「3日前 19:00」 are on its calendar and clock. */
  timezone: string
  set: ReminderSetSnapshot
  /** Epoch ms. */
  target: number
  /** What started it (`field:<fieldId>`, `staff:<id>`, …), for the audit view. */
  origin: string
}

export type ReminderRunStatus = 'scheduled' | 'completed' | 'cancelled'

export interface ReminderSchedule {
  status: ReminderRunStatus
  target: number | null
  /** Steps still to send, in firing order. */
  upcoming: ScheduledStep[]
  /** Step IDs sent so far, in the order sent. */
  sent: string[]
  /** Step IDs whose time had passed when the current target was set. */
  skipped: string[]
}

export interface ReminderOutcome {
  status: Exclude<ReminderRunStatus, 'scheduled'>
  endReason: ReminderEndReason
  sent: string[]
}

/** completed: every due step sent; cleared: target set to null; stopped: staff; blocked: friend blocked. */
export type ReminderEndReason = 'completed' | 'cleared' | 'stopped' | 'blocked'

/** `{target: epoch ms | null}`: moves the target (reschedules) or, with null, ends the run. */
export interface RetargetArgs {
  target: number | null
}

/** Signal and query names (the API signals by name without importing workflow code). */
export const reminderSignals = {
  retarget: 'retarget',
  /** `{by?: string}`: staff cancels the run. */
  cancel: 'cancel',
  /** No argument: the friend blocked the account (ends `blocked`, nothing more is sent). */
  blocked: 'blocked',
} as const

/** Query name: returns `ReminderSchedule`. */
export const reminderScheduleQuery = 'schedule'

export function reminderWorkflowId(setId: string, friendId: string): string {
  return `reminder-${setId}-${friendId}`
}
