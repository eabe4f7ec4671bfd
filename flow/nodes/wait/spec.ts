import { z } from 'zod'
import { checkField } from '../../conditions'
import type { Lang } from '../../i18n'
import {
  dateSchema,
  describeDuration,
  durationSchema,
  refSchema,
  timeOfDaySchema,
  weekdayNames,
} from '../../params'
import { defineNode, nameOf, nextPort, port } from '../../spec'
import { choiceField } from '../shared'

const ifPast = z.enum(['proceed', 'skip']).default('proceed')

export const waitParams = z.discriminatedUnion('mode', [
  /** A fixed time: days keep the wall-clock time (「3日後の同じ時刻」), hours and minutes are elapsed. */
  z.strictObject({ mode: z.literal('duration'), duration: durationSchema }),
  /** The next time the clock shows HH:MM (strictly later than now). */
  z.strictObject({ mode: z.literal('untilTimeOfDay'), time: timeOfDaySchema }),
  /** The next of these weekdays (0 = Sunday) at HH:MM. */
  z.strictObject({
    mode: z.literal('untilWeekdayTime'),
    weekdays: z
      .array(z.number().int().min(0).max(6))
      .min(1)
      .max(7)
      .refine((w) => new Set(w).size === w.length, {
        message: 'Duplicate weekday',
        params: { ja: '曜日が重複しています', en: 'Duplicate weekday' },
      }),
    time: timeOfDaySchema,
  }),
  /** An absolute date and time in the run's time zone. */
  z.strictObject({ mode: z.literal('untilDateTime'), date: dateSchema, time: timeOfDaySchema, ifPast }),
  /** A friend date field ± days, at HH:MM (「予約日の3日前 19:00」). Re-read after waiting: a moved date moves the wait. */
  z.strictObject({
    mode: z.literal('dateField'),
    field: refSchema,
    offsetDays: z.number().int().min(-366).max(366).default(0),
    time: timeOfDaySchema,
    ifPast,
  }),
])

export type WaitParams = z.output<typeof waitParams>

const skippedPort = port('skipped', { ja: '日時なし・過ぎていた', en: 'No date / already past' }, true)

function describe(p: WaitParams, lang: Lang, fieldName: (key: string) => string): string {
  const ja = lang === 'ja'
  switch (p.mode) {
    case 'duration':
      return ja ? `${describeDuration(p.duration, lang)}待つ` : `Wait ${describeDuration(p.duration, lang)}`
    case 'untilTimeOfDay':
      return ja ? `次の ${p.time} まで待つ` : `Wait until the next ${p.time}`
    case 'untilWeekdayTime': {
      const days = [...p.weekdays]
        .sort()
        .map((d) => weekdayNames[lang][d])
        .join(ja ? '・' : '/')
      return ja ? `次の${days}曜 ${p.time} まで待つ` : `Wait until next ${days} ${p.time}`
    }
    case 'untilDateTime':
      return ja ? `${p.date} ${p.time} まで待つ` : `Wait until ${p.date} ${p.time}`
    case 'dateField': {
      const field = fieldName(p.field)
      const n = Math.abs(p.offsetDays)
      if (ja) {
        const rel = p.offsetDays === 0 ? '当日' : p.offsetDays < 0 ? `${n}日前` : `${n}日後`
        return `「${field}」の${rel} ${p.time} まで待つ`
      }
      const rel = p.offsetDays === 0 ? 'on' : p.offsetDays < 0 ? `${n} days before` : `${n} days after`
      return `Wait until ${p.time}, ${rel} "${field}"`
    }
  }
}

const modeOnly = (...modes: WaitParams['mode'][]) => ({ path: 'mode', in: modes })

export const spec = defineNode({
  type: 'wait',
  version: 1,
  category: 'timing',
  label: { ja: '待機', en: 'Wait' },
  description: {
    ja: '指定の時間・時刻・日付まで待ちます。時刻はチャネル（またはシナリオ）のタイムゾーンです。',
    en: 'Waits for a time, a time of day or a date, in the channel’s (or scenario’s) time zone.',
  },
  icon: 'clock',
  emoji: '⏰',
  params: waitParams,
  defaults: { mode: 'duration', duration: { days: 1, hours: 0, minutes: 0 } },
  ports: (p) => {
    const next = nextPort(false)
    if (p.mode === 'dateField' || (p.mode === 'untilDateTime' && p.ifPast === 'skip'))
      return [next, skippedPort]
    return [next]
  },
  summary: (p, lang, names) => describe(p, lang, (key) => nameOf(names, 'field', key)),
  fields: [
    choiceField('mode', { ja: '待ち方', en: 'Wait for' }, 'select', [
      ['duration', { ja: '一定時間', en: 'A duration' }],
      ['untilTimeOfDay', { ja: '次の指定時刻', en: 'The next time of day' }],
      ['untilWeekdayTime', { ja: '次の指定曜日・時刻', en: 'The next weekday and time' }],
      ['untilDateTime', { ja: '指定の日時', en: 'A date and time' }],
      ['dateField', { ja: '友だち情報の日付の前後', en: 'Before/after a friend date field' }],
    ]),
    {
      path: 'duration',
      label: { ja: '待つ時間', en: 'Duration' },
      help: {
        ja: '日数は同じ時刻のまま日付を進めます（夏時間でもずれません）。最長366日。',
        en: 'Days keep the time of day (also across DST). Up to 366 days.',
      },
      widget: 'duration',
      showIf: modeOnly('duration'),
    },
    {
      path: 'weekdays',
      label: { ja: '曜日', en: 'Weekdays' },
      widget: 'weekdays',
      showIf: modeOnly('untilWeekdayTime'),
    },
    { path: 'date', label: { ja: '日付', en: 'Date' }, widget: 'date', showIf: modeOnly('untilDateTime') },
    {
      path: 'field',
      label: { ja: '日付の友だち情報', en: 'Date field' },
      widget: 'field',
      fieldTypes: ['date', 'datetime'],
      showIf: modeOnly('dateField'),
    },
    {
      path: 'offsetDays',
      label: { ja: '何日前／後', en: 'Days before (−) / after (+)' },
      help: { ja: '例: −3 で3日前、0 で当日。', en: 'e.g. −3 for three days before, 0 for the day itself.' },
      widget: 'number',
      min: -366,
      max: 366,
      showIf: modeOnly('dateField'),
    },
    {
      path: 'time',
      label: { ja: '時刻', en: 'Time' },
      widget: 'time',
      showIf: modeOnly('untilTimeOfDay', 'untilWeekdayTime', 'untilDateTime', 'dateField'),
    },
    choiceField(
      'ifPast',
      { ja: 'すでに過ぎていたら', en: 'If already past' },
      'radio',
      [
        ['proceed', { ja: 'すぐに次へ進む', en: 'Continue at once' }],
        ['skip', { ja: '「日時なし・過ぎていた」へ進む', en: 'Take the “already past” path' }],
      ],
      {
        help: {
          ja: '友だち情報の日付が空のときは常に「日時なし・過ぎていた」へ進みます。',
          en: 'An empty date field always takes the “no date / already past” path.',
        },
        showIf: modeOnly('untilDateTime', 'dateField'),
      },
    ),
  ],
  advancesTime: (p) => p.mode === 'duration' || p.mode === 'untilTimeOfDay' || p.mode === 'untilWeekdayTime',
  check: (p, ctx) => (p.mode === 'dateField' ? checkField(p.field, ['date', 'datetime'], ctx, 'field') : []),
})
