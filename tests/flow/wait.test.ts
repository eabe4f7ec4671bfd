import { describe, expect, it } from 'vitest'
import { validateFlow } from '../../flow/graph'
import { spec } from '../../flow/nodes/wait/spec'
import { portsOf } from '../../flow/spec'
import { simulateFlow } from '../../flow/sim'
import { DAY, formatLocal, HOUR } from '../../flow/time'
import { at, e, flow, n, runner, say, stepEnv } from './helpers'

const run = runner('wait')
const NY = 'America/New_York'

async function waitFrom(start: number, params: unknown, timezone = 'Asia/Tokyo', friend = {}) {
  const { ctx, env } = stepEnv({ start, friend }, 'w', timezone)
  const result = await run.run(params, env)
  return { result, now: ctx.now(), local: formatLocal(ctx.now(), timezone), ctx }
}

describe('wait: parameters and ports', () => {
  it('accepts each mode and refuses bad values with field paths', () => {
    const ok = [
      { mode: 'duration', duration: { days: 3, hours: 2, minutes: 5 } },
      { mode: 'untilTimeOfDay', time: '10:00' },
      { mode: 'untilWeekdayTime', weekdays: [1, 3], time: '09:30' },
      { mode: 'untilDateTime', date: '2025-12-24', time: '18:00' },
      { mode: 'dateField', field: 'reservation', offsetDays: -3, time: '19:00' },
    ]
    for (const p of ok) expect(spec.params.safeParse(p).success, JSON.stringify(p)).toBe(true)
    const errs = (params: unknown) =>
      validateFlow(
        flow([n('t', 'trigger.manual'), n('w', 'wait', params), n('z', 'end')], [e('t', 'w'), e('w', 'z')]),
      ).errors
    expect(errs({ mode: 'duration', duration: { days: 0, hours: 0, minutes: 0 } })[0]).toMatchObject({
      path: 'duration',
    })
    expect(errs({ mode: 'duration', duration: { days: 400 } })[0]).toMatchObject({ path: 'duration.days' })
    expect(errs({ mode: 'duration', duration: { minutes: 1.5 } })[0]).toMatchObject({
      path: 'duration.minutes',
    })
    expect(errs({ mode: 'untilTimeOfDay', time: '24:00' })[0]).toMatchObject({ path: 'time' })
    expect(errs({ mode: 'untilWeekdayTime', weekdays: [7], time: '10:00' })[0]).toMatchObject({
      path: 'weekdays.0',
    })
    expect(errs({ mode: 'untilWeekdayTime', weekdays: [1, 1], time: '10:00' })[0]).toMatchObject({
      path: 'weekdays',
    })
    expect(errs({ mode: 'untilDateTime', date: '2025-02-30', time: '10:00' })[0]).toMatchObject({
      path: 'date',
    })
    expect(errs({ mode: 'sometime' })[0]).toMatchObject({ path: 'mode' })
  })

  it('adds a `skipped` port (which may end) for date-field waits and for untilDateTime with ifPast=skip', () => {
    const ids = (p: unknown) => portsOf(spec, p).map((x) => `${x.id}${x.mayEnd ? '?' : ''}`)
    expect(ids({ mode: 'duration', duration: { days: 1 } })).toEqual(['next'])
    expect(ids({ mode: 'untilDateTime', date: '2025-01-01', time: '10:00' })).toEqual(['next'])
    expect(ids({ mode: 'untilDateTime', date: '2025-01-01', time: '10:00', ifPast: 'skip' })).toEqual([
      'next',
      'skipped?',
    ])
    expect(ids({ mode: 'dateField', field: 'f', time: '10:00' })).toEqual(['next', 'skipped?'])
  })

  it('summarises in both languages', () => {
    const p = spec.params.parse({ mode: 'dateField', field: 'reservation', offsetDays: -3, time: '19:00' })
    expect(spec.summary(p, 'ja', { field: () => '予約日' })).toBe('「予約日」の3日前 19:00 まで待つ')
    expect(spec.summary(p, 'en')).toBe('Wait until 19:00, 3 days before "reservation"')
    expect(spec.summary(spec.params.parse({ mode: 'duration', duration: { days: 2, hours: 3 } }), 'ja')).toBe(
      '2日3時間待つ',
    )
  })
})

describe('wait: run step', () => {
  it('duration: days keep the wall clock, minutes are exact', async () => {
    const start = at('2025-01-31 10:17')
    const r = await waitFrom(start, { mode: 'duration', duration: { days: 30, hours: 1, minutes: 1 } })
    expect(r.result).toMatchObject({ port: 'next' })
    expect(r.local).toBe('2025-03-02 11:18') // across a month end and February
    const ny = await waitFrom(at('2025-11-01 20:00', NY), { mode: 'duration', duration: { days: 1 } }, NY)
    expect(ny.local).toBe('2025-11-02 20:00') // fall back: 25 h later
    expect(ny.now - at('2025-11-01 20:00', NY)).toBe(25 * HOUR)
  })

  it('untilTimeOfDay: later today, else tomorrow; correct on DST days', async () => {
    expect((await waitFrom(at('2025-06-01 08:00'), { mode: 'untilTimeOfDay', time: '10:00' })).local).toBe(
      '2025-06-01 10:00',
    )
    expect((await waitFrom(at('2025-06-01 10:00'), { mode: 'untilTimeOfDay', time: '10:00' })).local).toBe(
      '2025-06-02 10:00',
    )
    expect((await waitFrom(at('2025-12-31 23:30'), { mode: 'untilTimeOfDay', time: '00:15' })).local).toBe(
      '2026-01-01 00:15',
    )
    // Spring forward in New York: 02:30 does not exist on 2025-03-09, so the wait ends at 03:30.
    const gap = await waitFrom(at('2025-03-08 23:00', NY), { mode: 'untilTimeOfDay', time: '02:30' }, NY)
    expect(gap.local).toBe('2025-03-09 03:30')
    expect(gap.now - at('2025-03-08 23:00', NY)).toBe(3.5 * HOUR)
  })

  it('untilWeekdayTime: the next listed weekday at the time', async () => {
    // 2025-01-01 is a Wednesday.
    const r = await waitFrom(at('2025-01-01 12:00'), {
      mode: 'untilWeekdayTime',
      weekdays: [1, 5],
      time: '09:00',
    })
    expect(r.local).toBe('2025-01-03 09:00') // Friday comes before Monday
    const sameDay = await waitFrom(at('2025-01-01 08:00'), {
      mode: 'untilWeekdayTime',
      weekdays: [3],
      time: '09:00',
    })
    expect(sameDay.local).toBe('2025-01-01 09:00')
  })

  it('untilDateTime: waits for the absolute time in the run’s zone; past → proceed or skip', async () => {
    const r = await waitFrom(
      at('2025-03-01 00:00', NY),
      { mode: 'untilDateTime', date: '2025-03-10', time: '09:00' },
      NY,
    )
    expect(r.local).toBe('2025-03-10 09:00')
    expect(r.now).toBe(at('2025-03-10 09:00', NY))
    const past = { mode: 'untilDateTime', date: '2025-01-01', time: '09:00' }
    const proceed = await waitFrom(at('2025-02-01 00:00'), past)
    expect(proceed.result).toMatchObject({ port: 'next', data: { reason: 'past' } })
    expect(proceed.now).toBe(at('2025-02-01 00:00'))
    expect((await waitFrom(at('2025-02-01 00:00'), { ...past, ifPast: 'skip' })).result).toMatchObject({
      port: 'skipped',
    })
  })

  it('dateField: N days before/after a date field at HH:MM', async () => {
    const friend = { fields: { reservation: { type: 'date' as const, value: '2025-03-02' } } }
    const until = (from: string, field: string, offsetDays: number, time: string, who: object) =>
      waitFrom(at(from), { mode: 'dateField', field, offsetDays, time }, 'Asia/Tokyo', who)
    const before = await until('2025-02-20 12:00', 'reservation', -3, '19:00', friend)
    expect(before.local).toBe('2025-02-27 19:00') // across the end of February
    expect(before.result).toMatchObject({ port: 'next' })
    expect((await until('2025-02-20 12:00', 'reservation', 1, '10:00', friend)).local).toBe(
      '2025-03-03 10:00',
    )
    // A datetime field counts by its local date.
    const dt = { fields: { visit: { type: 'datetime' as const, value: at('2025-04-10 15:00') } } }
    expect((await until('2025-04-01 00:00', 'visit', 0, '08:00', dt)).local).toBe('2025-04-10 08:00')
  })

  it('dateField: past date → proceed at once or skip; empty field → skipped', async () => {
    const friend = { fields: { reservation: { type: 'date' as const, value: '2025-03-02' } } }
    const late = at('2025-03-01 20:00') // the day-before 19:00 has passed
    const p = { mode: 'dateField', field: 'reservation', offsetDays: -1, time: '19:00' }
    const proceed = await waitFrom(late, p, 'Asia/Tokyo', friend)
    expect(proceed.result).toMatchObject({ port: 'next', data: { reason: 'past' } })
    expect(proceed.now).toBe(late)
    expect((await waitFrom(late, { ...p, ifPast: 'skip' }, 'Asia/Tokyo', friend)).result).toMatchObject({
      port: 'skipped',
    })
    const empty = await waitFrom(late, p, 'Asia/Tokyo', {
      fields: { reservation: { type: 'date', value: null } },
    })
    expect(empty.result).toMatchObject({ port: 'skipped', data: { reason: 'noDate' } })
    expect((await waitFrom(late, p)).result).toMatchObject({ port: 'skipped' })
  })

  it('dateField: follows a date moved while waiting', async () => {
    const start = at('2025-05-01 09:00')
    const result = await simulateFlow(
      flow(
        [
          n('t', 'trigger.manual'),
          n('w', 'wait', { mode: 'dateField', field: 'reservation', offsetDays: -1, time: '19:00' }),
          n('m', 'message', say('明日はご予約日です')),
        ],
        [e('t', 'w'), e('w', 'm')],
      ),
      {
        start,
        friend: { fields: { reservation: { type: 'date', value: '2025-05-10' } } },
        events: [
          {
            after: { days: 2 },
            kind: 'field',
            key: 'reservation',
            value: { type: 'date', value: '2025-05-20' },
          },
        ],
      },
    )
    expect(result.sends.map((s) => formatLocal(s.at, 'Asia/Tokyo'))).toEqual(['2025-05-19 19:00'])
    expect(result.trace.filter((x) => x.event === 'wait')).toHaveLength(2)
  })

  it('duration waits advance the simulated clock without real time', async () => {
    const t0 = performance.now()
    const r = await waitFrom(0, { mode: 'duration', duration: { days: 366 } }, 'UTC')
    expect(r.now).toBe(366 * DAY)
    expect(performance.now() - t0).toBeLessThan(200)
  })
})
