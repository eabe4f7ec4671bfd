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
 * The settings a run gets (delivery.ts applies them): a rule that does not parse is dropped rather
 * than allowed to wedge every send; the time zone is checked by the interpreter.
 */
export function runnableChannelSettings(raw: ChannelSettings): ChannelSettings {
  return {
    ...(raw.timezone !== undefined ? { timezone: raw.timezone } : {}),
    quietHours: quietHoursSchema.safeParse(raw.quietHours).data ?? null,
    frequencyCap: channelSettingsSchema.shape.frequencyCap.safeParse(raw.frequencyCap).data ?? null,
  }
}
