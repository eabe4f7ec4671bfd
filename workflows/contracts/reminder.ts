import { defineQuery, defineSignal } from '@temporalio/workflow'
import type { ReminderStep, ScheduledStep } from '../../flow/reminder'
import type { SignalArgs } from './signals'

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

/** The `reminder` workflow (workflows/reminder.ts), as clients start it. */
export type ReminderWorkflow = (input: ReminderInput) => Promise<ReminderOutcome>

/** completed: every due step sent; cleared: target set to null; stopped: staff; blocked: friend blocked. */
export type ReminderEndReason = 'completed' | 'cleared' | 'stopped' | 'blocked'

/** `{target: epoch ms | null}`: moves the target (reschedules) or, with null, ends the run. */
export interface RetargetArgs {
  target: number | null
}

/** One sent step on the run row (`ReminderRun.sentSteps`). */
export interface SentReminderStep {
  stepId: string
  /** Epoch ms the send was made. */
  at: number
  /** The target it was sent for. */
  target: number
  requestId?: string
  /** LINE refused the send (the run goes on with the next step). */
  error?: string
}

/** The reminder workflow's signals (their names are in recorded histories: never rename them). */
export const reminderSignals = {
  retarget: defineSignal<[RetargetArgs]>('retarget'),
  /** Staff cancels the run; `by` is the staff ID. */
  cancel: defineSignal<[{ by?: string }?]>('cancel'),
  /** The friend blocked the account (ends `blocked`, nothing more is sent). */
  blocked: defineSignal<[]>('blocked'),
}

export const reminderScheduleQuery = defineQuery<ReminderSchedule>('schedule')

export function reminderWorkflowId(setId: string, friendId: string): string {
  return `reminder-${setId}-${friendId}`
}

/** A friend's reminder of a set to start, or to move to a new target when it is already running. */
export interface ReminderStartRequest {
  /** The set as stored: its steps are validated into the run's snapshot when a run starts. */
  set: { id: string; name: string; steps: unknown }
  friend: { id: string; channelId: string; lineUserId: string }
  timezone: string
  target: number
  origin: string
}

export type ReminderSignal = keyof typeof reminderSignals

/**
 * Starting and signalling reminders, as activities see it: a port the worker fills with the Temporal
 * gateway (activities hold no client code).
 */
export interface ReminderScheduler {
  /**
   * Signal-with-start on `reminder-<setId>-<friendId>`: a date-field change and a manual start can
   * never run two reminders of one set for one friend. A new run gets the set as it is now; a running
   * one keeps its snapshot and only moves its target.
   */
  startOrRetargetReminder(request: ReminderStartRequest): Promise<{ workflowId: string }>
  /** Signals a running reminder; false when there is none (closed or never started). */
  signalReminder<K extends ReminderSignal>(
    workflowId: string,
    signal: K,
    ...args: SignalArgs<(typeof reminderSignals)[K]>
  ): Promise<boolean>
}
