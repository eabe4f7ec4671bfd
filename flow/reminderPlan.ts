import type { ReminderOffset, ReminderStep } from './reminder'
import { HOUR, MINUTE, addDays, addDuration, localDate, parseDate, parseTimeOfDay, zonedEpoch } from './time'

/**
 * The schedule arithmetic the `reminder` workflow runs (deterministic: no Date, time zones via
 * flow/time; no zod: the schemas are in reminder.ts).
 */

/** The instant a friend field value stands for: a date is its first moment (00:00) in `timeZone`. */
export function targetFromFieldValue(type: string, value: unknown, timeZone: string): number | null {
  if (type === 'datetime') return typeof value === 'number' && Number.isFinite(value) ? value : null
  if (type === 'date' && typeof value === 'string') {
    const date = parseDate(value)
    return date ? zonedEpoch({ ...date, hour: 0, minute: 0 }, timeZone) : null
  }
  return null
}

/** The instant an offset points at for a target, on `timeZone`'s calendar and clock. */
export function fireTime(offset: ReminderOffset, target: number, timeZone: string): number {
  const sign = offset.direction === 'before' ? -1 : 1
  if (offset.unit === 'days') {
    if (offset.at !== undefined) {
      const day = addDays(localDate(target, timeZone), sign * offset.amount)
      return zonedEpoch({ ...day, ...parseTimeOfDay(offset.at) }, timeZone)
    }
    // Calendar days keeping the target's wall-clock time (across a DST change too).
    return addDuration(target, { days: sign * offset.amount }, timeZone)
  }
  return target + sign * offset.amount * (offset.unit === 'hours' ? HOUR : MINUTE)
}

export interface ScheduledStep {
  stepId: string
  /** Position in the set's step list. */
  index: number
  /** Epoch ms. */
  at: number
}

/** Every step's fire time for a target, in firing order (ties keep the set's order). */
export function fireTimes(
  steps: readonly Pick<ReminderStep, 'id' | 'offset'>[],
  target: number,
  timeZone: string,
): ScheduledStep[] {
  return steps
    .map((s, index) => ({ stepId: s.id, index, at: fireTime(s.offset, target, timeZone) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
}

export interface ReminderPlan {
  /** Steps still to send, in firing order (the first is the next one). */
  due: ScheduledStep[]
  /** Unsent steps whose time had already passed at `now`: never sent for this target. */
  skipped: ScheduledStep[]
}

/**
 * The plan when a target is set (at start or on retarget) at `now`: steps already sent are left out
 * (never resent), steps whose time is already past are skipped, the rest are due in firing order.
 */
export function planReminder(input: {
  steps: readonly Pick<ReminderStep, 'id' | 'offset'>[]
  target: number
  timeZone: string
  now: number
  sent: ReadonlySet<string> | readonly string[]
}): ReminderPlan {
  const sent = new Set(input.sent)
  const plan: ReminderPlan = { due: [], skipped: [] }
  for (const step of fireTimes(input.steps, input.target, input.timeZone)) {
    if (sent.has(step.stepId)) continue
    ;(step.at < input.now ? plan.skipped : plan.due).push(step)
  }
  return plan
}
