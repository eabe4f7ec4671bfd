import { z } from 'zod'
import { bi, type Text } from './i18n'
import { reminderSetNameMaxLength } from './limits'
import { lineMessagesMax, scenarioMessageSchema } from './lineMessage'
import { DAY, MINUTE, parseTimeOfDay, timeOfDayPattern } from './time'

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
  name: z.string().trim().min(1).max(reminderSetNameMaxLength),
  status: z.enum(reminderSetStatuses).default('active'),
  target: reminderTargetSourceSchema,
  steps: reminderStepsSchema,
})

export type ReminderSetInput = z.input<typeof reminderSetSchema>
export type ReminderSet = z.output<typeof reminderSetSchema>

/* ------------------------------------------------------------------------------------------- */

export * from './reminderPlan'

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
