import { z } from 'zod'
import { bi, type Lang } from './i18n'
import { parseDate, timeOfDayPattern, DAY, durationMs, type Duration } from './time'

/** Building blocks shared by node parameter schemas. */

/** Tag, field, flow and node references (IDs or keys as the api stores them). */
export const refSchema = z.string().min(1).max(100)

/** A port ID chosen by the marketer's tool (branch / A-B path): short, stable across reorders. */
export const portIdSchema = z
  .string()
  .regex(/^[a-zA-Z0-9_-]{1,32}$/, { abort: true })
  .refine((s) => s !== 'else', bi('「else」は予約されています', '"else" is reserved'))

export const timeOfDaySchema = z
  .string()
  .refine(
    (s) => timeOfDayPattern.test(s),
    bi('時刻は HH:MM（00:00〜23:59）で指定してください', 'Use a time as HH:MM (00:00–23:59)'),
  )

export const dateSchema = z
  .string()
  .refine(
    (s) => parseDate(s) !== null,
    bi('日付は YYYY-MM-DD で指定してください（実在する日付）', 'Use a real date as YYYY-MM-DD'),
  )

/** Longest wait a single node may take. */
export const maxWaitDays = 366

export const durationSchema = z
  .strictObject({
    days: z.number().int().min(0).max(maxWaitDays).default(0),
    hours: z
      .number()
      .int()
      .min(0)
      .max(24 * maxWaitDays)
      .default(0),
    minutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60 * maxWaitDays)
      .default(0),
  })
  .superRefine((d, ctx) => {
    const ms = durationMs(d)
    if (ms <= 0)
      ctx.addIssue({ code: 'custom', ...bi('1分以上を指定してください', 'Must be at least one minute') })
    if (ms > maxWaitDays * DAY) {
      ctx.addIssue({
        code: 'custom',
        ...bi(`${maxWaitDays}日以内にしてください`, `At most ${maxWaitDays} days`),
      })
    }
  })

export function describeDuration(d: Duration, lang: Lang): string {
  const parts: string[] = []
  const ja = lang === 'ja'
  if (d.days) parts.push(ja ? `${d.days}日` : `${d.days} day${d.days === 1 ? '' : 's'}`)
  if (d.hours) parts.push(ja ? `${d.hours}時間` : `${d.hours} h`)
  if (d.minutes) parts.push(ja ? `${d.minutes}分` : `${d.minutes} min`)
  return parts.join(ja ? '' : ' ') || (ja ? '0分' : '0 min')
}

export const weekdayNames = {
  ja: ['日', '月', '火', '水', '木', '金', '土'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
} as const
