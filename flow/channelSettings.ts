import { z } from 'zod'
import type { ChannelSettings } from './context'
import { bi } from './i18n'
import { timeOfDaySchema } from './params'

/** Channel delivery settings as the api should store them (`ChannelSettings` in context.ts). */
export const quietHoursSchema = z
  .strictObject({ start: timeOfDaySchema, end: timeOfDaySchema })
  .refine((q) => q.start !== q.end, bi('開始と終了を別の時刻にしてください', 'Start and end must differ'))

export const channelSettingsSchema = z.strictObject({
  timezone: z.string().min(1).max(64).optional(),
  quietHours: quietHoursSchema.nullable().optional(),
  frequencyCap: z
    .strictObject({ perDay: z.number().int().min(1).max(100) })
    .nullable()
    .optional(),
})

/**
 * A channel's delivery settings as its runs and the time-travel preview both get them (delivery.ts
 * applies them): its time zone and each stored rule that parses. A rule that does not parse is
 * dropped on its own, never taking the other rules with it nor wedging every send; the time zone is
 * checked by the interpreter.
 */
export function runnableChannelSettings(raw: {
  timezone?: string
  quietHours?: unknown
  frequencyCap?: unknown
}): ChannelSettings {
  return {
    ...(raw.timezone !== undefined ? { timezone: raw.timezone } : {}),
    quietHours: quietHoursSchema.safeParse(raw.quietHours).data ?? null,
    frequencyCap: channelSettingsSchema.shape.frequencyCap.safeParse(raw.frequencyCap).data ?? null,
  }
}

/** The settings of a channel row (its `timezone` and the `deliveryRules` JSON the API stored). */
export function channelSettingsOf(channel: { timezone: string; deliveryRules: unknown }): ChannelSettings {
  const rules = channel.deliveryRules
  const stored = typeof rules === 'object' && rules !== null && !Array.isArray(rules) ? rules : {}
  return runnableChannelSettings({ ...stored, timezone: channel.timezone })
}
