import { z } from 'zod'
import { bi, type Text } from './i18n'
import { lineMessagesMax, scenarioMessageSchema } from './lineMessage'
import {
  DAY,
  HOUR,
  MINUTE,
  addDays,
  addDuration,
  localDate,
  parseDate,
  parseTimeOfDay,
  timeOfDayPattern,
  zonedEpoch,
} from './time'

/**
 * Reminders (リマインダ配信): messages at offsets before/after a friend's target date-time (a
 * reservation, an event day). One schema for the API, the studio and the `reminder` workflow, and
 * the pure schedule arithmetic the workflow runs (deterministic: no Date, time zone via flow/time).
 */

export const reminderUnits = ['days', 'hours', 'minutes'] as const
export type ReminderUnit = (typeof reminderUnits)[number]

/** Largest amount per unit (one year). */
export const reminderAmountMax: Record<ReminderUnit, number> = { days: 365, hours: 8760, minutes: 525600 }
export const reminderStepsMax = 20

/**
 * When a step fires relative to the target: 「3日前 19:00」 is `{amount: 3, unit: 'days', direction:
 * 'before', at: '19:00'}`, 「1時間前」 `{amount: 1, unit: 'hours', direction: 'before'}`. A time of day
 * only goes with days: the calendar day N days from the target's day, at that wall-clock time.
 */
export const reminderOffsetSchema = z
  .strictObject({
    amount: z.number().int().min(0),
    unit: z.enum(reminderUnits),
    direction: z.enum(['before', 'after']),
    at: z
      .string()
      .regex(timeOfDayPattern, bi('時刻は HH:MM で入力してください', 'Use a time as HH:MM'))
      .optional(),
  })
  .superRefine((o, ctx) => {
    const max = reminderAmountMax[o.unit]
    if (o.amount > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        ...bi(`${max}以下で入力してください`, `At most ${max}`),
      })
    }
    if (o.at !== undefined && o.unit !== 'days') {
      ctx.addIssue({
        code: 'custom',
        path: ['at'],
        ...bi('時刻は「日」単位のときだけ指定できます', 'A time of day goes with days only'),
      })
    }
  })

export type ReminderOffset = z.infer<typeof reminderOffsetSchema>

export const reminderStepIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'Invalid step ID')

export const reminderStepSchema = z.strictObject({
  /** Stable within the set: sent steps are remembered by ID across retargets. */
  id: reminderStepIdSchema,
  offset: reminderOffsetSchema,
  /** 1–5 LINE messages (the scenario `message` node's schema); text may use `{name}` and `{fieldKey}`. */
  messages: z.array(scenarioMessageSchema).min(1).max(lineMessagesMax),
})

export type ReminderStep = z.infer<typeof reminderStepSchema>

export const reminderStepsSchema = z
  .array(reminderStepSchema)
  .min(1)
  .max(reminderStepsMax)
  .superRefine((steps, ctx) => {
    const seen = new Set<string>()
    steps.forEach((s, i) => {
      if (seen.has(s.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'id'],
          ...bi('同じIDのステップがあります', 'Two steps have the same ID'),
        })
      }
      seen.add(s.id)
    })
  })

/** Where the target comes from: a friend date/datetime field, or given when the reminder is started. */
export const reminderTargetSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('field'), fieldId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }),
  z.strictObject({ kind: z.literal('start') }),
])

export type ReminderTargetSource = z.infer<typeof reminderTargetSourceSchema>

export const reminderSetStatuses = ['active', 'paused', 'archived'] as const

/** A reminder set as saved (API body and studio form). */
export const reminderSetSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  status: z.enum(reminderSetStatuses).default('active'),
  target: reminderTargetSourceSchema,
  steps: reminderStepsSchema,
})

export type ReminderSetInput = z.input<typeof reminderSetSchema>
export type ReminderSet = z.output<typeof reminderSetSchema>

/* ------------------------------------------------------------------------------------------- */

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

/**
 * Minutes from the target to the offset's fire time for a target at 00:00 (a date field): the order
 * the studio lists steps in, which is the firing order for every target but rare same-day mixes.
 */
export function offsetSortKey(offset: ReminderOffset): number {
  const sign = offset.direction === 'before' ? -1 : 1
  if (offset.unit === 'days') {
    // Tolerates a half-typed time (the studio sorts while the marketer edits).
    const time =
      offset.at !== undefined && timeOfDayPattern.test(offset.at)
        ? parseTimeOfDay(offset.at)
        : { hour: 0, minute: 0 }
    const minutes = time.hour * 60 + time.minute
    return (sign * offset.amount * DAY) / MINUTE + minutes
  }
  return sign * offset.amount * (offset.unit === 'hours' ? 60 : 1)
}

const unitText: Record<ReminderUnit, Text> = {
  days: { ja: '日', en: 'day' },
  hours: { ja: '時間', en: 'hour' },
  minutes: { ja: '分', en: 'minute' },
}

/** 「3日前 19:00」「1時間前」「2日後 10:00」「30分後」 / "3 days before at 19:00", "30 minutes after". */
export function offsetLabel(offset: ReminderOffset): Text {
  const at = offset.at || undefined
  if (offset.amount === 0) {
    if (at !== undefined && offset.unit === 'days') return { ja: `当日 ${at}`, en: `On the day at ${at}` }
    return { ja: 'ちょうど', en: 'At the target time' }
  }
  const unit = unitText[offset.unit]
  const ja = `${offset.amount}${unit.ja}${offset.direction === 'before' ? '前' : '後'}`
  const en = `${offset.amount} ${unit.en}${offset.amount === 1 ? '' : 's'} ${offset.direction}`
  return at === undefined ? { ja, en } : { ja: `${ja} ${at}`, en: `${en} at ${at}` }
}
