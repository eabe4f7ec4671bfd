import { describe, expect, it } from 'vitest'
import {
  fireTime,
  fireTimes,
  offsetLabel,
  offsetSortKey,
  planReminder,
  reminderSetSchema,
  targetFromFieldValue,
  type ReminderOffset,
  type ReminderStep,
} from '../../flow/reminder'

const TOKYO = 'Asia/Tokyo'
const NY = 'America/New_York'
const MIN = 60_000
const HOUR = 60 * MIN

/** An instant given as Tokyo wall-clock time (UTC+9, no DST). */
const jst = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 9, mi)

const off = (amount: number, unit: ReminderOffset['unit'], direction: 'before' | 'after', at?: string) =>
  ({ amount, unit, direction, ...(at ? { at } : {}) }) as ReminderOffset

const step = (id: string, offset: ReminderOffset): ReminderStep => ({
  id,
  offset,
  messages: [{ type: 'text', text: id }],
})

describe('offset labels', () => {
  it('reads like the studio shows them, in Japanese and English', () => {
    expect(offsetLabel(off(3, 'days', 'before', '19:00'))).toEqual({
      ja: '3日前 19:00',
      en: '3 days before at 19:00',
    })
    expect(offsetLabel(off(1, 'hours', 'before'))).toEqual({ ja: '1時間前', en: '1 hour before' })
    expect(offsetLabel(off(2, 'days', 'after', '10:00'))).toEqual({
      ja: '2日後 10:00',
      en: '2 days after at 10:00',
    })
    expect(offsetLabel(off(30, 'minutes', 'after'))).toEqual({ ja: '30分後', en: '30 minutes after' })
    expect(offsetLabel(off(0, 'days', 'before', '09:00')).ja).toBe('当日 09:00')
    expect(offsetLabel(off(0, 'minutes', 'before')).ja).toBe('ちょうど')
  })
})

describe('fire times in Asia/Tokyo', () => {
  const target = jst(2026, 12, 10, 15, 0) // a reservation at 15:00 JST

  it('puts day offsets with a time on the calendar day, relative ones on the clock', () => {
    expect(fireTime(off(3, 'days', 'before', '19:00'), target, TOKYO)).toBe(jst(2026, 12, 7, 19, 0))
    expect(fireTime(off(1, 'hours', 'before'), target, TOKYO)).toBe(jst(2026, 12, 10, 14, 0))
    expect(fireTime(off(2, 'days', 'after', '10:00'), target, TOKYO)).toBe(jst(2026, 12, 12, 10, 0))
    expect(fireTime(off(30, 'minutes', 'after'), target, TOKYO)).toBe(jst(2026, 12, 10, 15, 30))
    expect(fireTime(off(1, 'days', 'before'), target, TOKYO)).toBe(jst(2026, 12, 9, 15, 0))
    expect(fireTime(off(0, 'days', 'after', '08:00'), target, TOKYO)).toBe(jst(2026, 12, 10, 8, 0))
  })

  it('uses the Tokyo calendar even when the UTC date differs (target 08:00 JST is the previous UTC day)', () => {
    const early = jst(2026, 12, 10, 8, 0) // 2026-12-09 23:00 UTC
    expect(fireTime(off(1, 'days', 'before', '19:00'), early, TOKYO)).toBe(jst(2026, 12, 9, 19, 0))
  })

  it('reads a date field as 00:00 in the channel time zone, a datetime field as its instant', () => {
    expect(targetFromFieldValue('date', '2026-03-01', TOKYO)).toBe(jst(2026, 3, 1))
    expect(targetFromFieldValue('datetime', target, TOKYO)).toBe(target)
    expect(targetFromFieldValue('date', '2026-02-30', TOKYO)).toBeNull()
    expect(targetFromFieldValue('date', null, TOKYO)).toBeNull()
    expect(targetFromFieldValue('text', '2026-03-01', TOKYO)).toBeNull()
    // 「1日前 19:00」 of a date field crosses the month (2026 is not a leap year).
    const day = targetFromFieldValue('date', '2026-03-01', TOKYO)!
    expect(fireTime(off(1, 'days', 'before', '19:00'), day, TOKYO)).toBe(jst(2026, 2, 28, 19, 0))
    expect(fireTime(off(1, 'hours', 'before'), day, TOKYO)).toBe(jst(2026, 2, 28, 23, 0))
  })

  it('keeps the wall clock across a DST change for day offsets (New York, 2026-03-08)', () => {
    const nyTarget = Date.UTC(2026, 2, 9, 14, 0) // 10:00 EDT on Monday
    // 10:00 EST the day before is 15:00 UTC (not 24 h earlier, which would be 14:00 UTC = 09:00 EST).
    expect(fireTime(off(1, 'days', 'before'), nyTarget, NY)).toBe(Date.UTC(2026, 2, 8, 14, 0))
    expect(fireTime(off(2, 'days', 'before', '09:00'), nyTarget, NY)).toBe(Date.UTC(2026, 2, 7, 14, 0))
  })

  it('orders steps by firing time whatever order they were written in', () => {
    const steps = [
      step('hour', off(1, 'hours', 'before')),
      step('after', off(30, 'minutes', 'after')),
      step('days3', off(3, 'days', 'before', '19:00')),
      step('day1', off(1, 'days', 'before', '09:00')),
    ]
    expect(fireTimes(steps, target, TOKYO).map((s) => s.stepId)).toEqual(['days3', 'day1', 'hour', 'after'])
    const sorted = [...steps].sort((a, b) => offsetSortKey(a.offset) - offsetSortKey(b.offset))
    expect(sorted.map((s) => s.id)).toEqual(['days3', 'day1', 'hour', 'after'])
  })
})

describe('planning and retargeting', () => {
  const steps = [
    step('d3', off(3, 'days', 'before', '19:00')),
    step('h1', off(1, 'hours', 'before')),
    step('m30', off(30, 'minutes', 'after')),
  ]
  const target = jst(2026, 12, 10, 15, 0)

  it('skips steps whose time is already past when the target is set', () => {
    const plan = planReminder({ steps, target, timeZone: TOKYO, now: jst(2026, 12, 9, 12, 0), sent: [] })
    expect(plan.skipped.map((s) => s.stepId)).toEqual(['d3'])
    expect(plan.due).toEqual([
      { stepId: 'h1', index: 1, at: target - HOUR },
      { stepId: 'm30', index: 2, at: target + 30 * MIN },
    ])
  })

  it('never plans a sent step again, and brings skipped steps back when the target moves later', () => {
    const now = jst(2026, 12, 10, 14, 10) // h1 was sent at 14:00
    const later = jst(2026, 12, 20, 15, 0)
    const plan = planReminder({ steps, target: later, timeZone: TOKYO, now, sent: ['h1'] })
    expect(plan.due.map((s) => [s.stepId, s.at])).toEqual([
      ['d3', jst(2026, 12, 17, 19, 0)],
      ['m30', later + 30 * MIN],
    ])
    expect(plan.skipped).toEqual([])
  })

  it('retargeting earlier skips what is now past and keeps the rest', () => {
    const now = jst(2026, 12, 1, 9, 0)
    const sooner = jst(2026, 12, 1, 9, 45)
    const plan = planReminder({ steps, target: sooner, timeZone: TOKYO, now, sent: [] })
    expect(plan.skipped.map((s) => s.stepId)).toEqual(['d3', 'h1'])
    expect(plan.due.map((s) => s.stepId)).toEqual(['m30'])
  })

  it('a step exactly at `now` is due, not skipped', () => {
    const plan = planReminder({ steps, target, timeZone: TOKYO, now: target - HOUR, sent: ['d3'] })
    expect(plan.due[0]).toMatchObject({ stepId: 'h1', at: target - HOUR })
  })
})

describe('reminder set schema', () => {
  const valid = {
    name: '来店リマインド',
    target: { kind: 'field', fieldId: 'f1' },
    steps: [step('a', off(3, 'days', 'before', '19:00'))],
  }

  it('accepts a set and defaults its status to active', () => {
    expect(reminderSetSchema.parse(valid).status).toBe('active')
  })

  function issues(input: unknown) {
    const result = reminderSetSchema.safeParse(input)
    return result.success ? [] : result.error.issues.map((i) => i.path.join('.'))
  }

  it('names the field of each problem', () => {
    expect(issues({ ...valid, steps: [step('a', off(1, 'hours', 'before', '19:00'))] })).toEqual([
      'steps.0.offset.at',
    ])
    expect(issues({ ...valid, steps: [step('a', off(400, 'days', 'before'))] })).toEqual([
      'steps.0.offset.amount',
    ])
    expect(issues({ ...valid, steps: [step('a', off(1, 'days', 'before', '25:00'))] })).toEqual([
      'steps.0.offset.at',
    ])
    expect(
      issues({ ...valid, steps: [step('a', off(1, 'days', 'before')), step('a', off(2, 'days', 'before'))] }),
    ).toEqual(['steps.1.id'])
    expect(issues({ ...valid, steps: [{ ...step('a', off(1, 'days', 'before')), messages: [] }] })).toEqual([
      'steps.0.messages',
    ])
    expect(
      issues({
        ...valid,
        steps: [{ ...step('a', off(1, 'days', 'before')), messages: [{ type: 'text', text: '' }] }],
      }),
    ).toEqual(['steps.0.messages.0.text'])
    expect(issues({ ...valid, steps: [] })).toEqual(['steps'])
    expect(issues({ ...valid, name: ' ' })).toEqual(['name'])
    expect(issues({ ...valid, target: { kind: 'field' } })).toEqual(['target.fieldId'])
  })
})
