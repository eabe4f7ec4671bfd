import { describe, expect, it } from 'vitest'
import { channelSettingsSchema } from '../../flow/channelSettings'
import { inQuietHours, quietHoursEnd } from '../../flow/delivery'
import { simulateFlow } from '../../flow/sim'
import { formatLocal } from '../../flow/time'
import { at, e, flow, n, say } from './helpers'

const TZ = 'Asia/Tokyo'
const local = (t: number, tz = TZ) => formatLocal(t, tz)
const quiet = { start: '22:00', end: '08:00' }

describe('quiet hours', () => {
  it('spans midnight when start > end; same-day windows work too; start = end is off', () => {
    expect(inQuietHours(at('2025-06-01 21:59'), quiet, TZ)).toBe(false)
    expect(inQuietHours(at('2025-06-01 22:00'), quiet, TZ)).toBe(true)
    expect(inQuietHours(at('2025-06-02 03:00'), quiet, TZ)).toBe(true)
    expect(inQuietHours(at('2025-06-02 08:00'), quiet, TZ)).toBe(false)
    const lunch = { start: '12:00', end: '13:00' }
    expect(inQuietHours(at('2025-06-01 12:30'), lunch, TZ)).toBe(true)
    expect(inQuietHours(at('2025-06-01 13:00'), lunch, TZ)).toBe(false)
    expect(inQuietHours(at('2025-06-01 12:30'), { start: '12:00', end: '12:00' }, TZ)).toBe(false)
    expect(local(quietHoursEnd(at('2025-06-01 23:00'), quiet, TZ))).toBe('2025-06-02 08:00')
    expect(local(quietHoursEnd(at('2025-06-02 01:00'), quiet, TZ))).toBe('2025-06-02 08:00')
  })

  it('delays a send across midnight until the window opens, and says so in the trace', async () => {
    const f = flow(
      [
        n('t', 'trigger.manual'),
        n('w', 'wait', { mode: 'duration', duration: { hours: 2 } }),
        n('m', 'message', say('夜分に失礼します')),
      ],
      [e('t', 'w'), e('w', 'm')],
    )
    const r = await simulateFlow(f, {
      start: at('2025-06-01 21:30'),
      channel: { timezone: TZ, quietHours: quiet },
    })
    expect(r.sends.map((s) => local(s.at))).toEqual(['2025-06-02 08:00'])
    const delayed = r.trace.find((x) => x.event === 'delivery.delayed')!
    expect(delayed).toMatchObject({
      nodeId: 'm',
      data: { reason: 'quietHours', until: at('2025-06-02 08:00') },
    })
    expect(local(delayed.at)).toBe('2025-06-01 23:30')
  })

  it('uses the flow’s own time zone when it has one (New York, across the DST change)', async () => {
    const NY = 'America/New_York'
    const f = flow([n('t', 'trigger.manual'), n('m', 'message', say('x'))], [e('t', 'm')], { timezone: NY })
    // 2025-03-09 01:00 EST, clocks spring forward at 02:00; quiet hours end at 08:00 EDT.
    const r = await simulateFlow(f, {
      start: at('2025-03-09 01:00', NY),
      channel: { timezone: TZ, quietHours: quiet },
    })
    expect(r.sends.map((s) => local(s.at, NY))).toEqual(['2025-03-09 08:00'])
    expect(r.sends[0]!.at - at('2025-03-09 01:00', NY)).toBe(6 * 3600_000)
  })
})

describe('frequency cap', () => {
  const threeMessages = flow(
    [
      n('t', 'trigger.manual'),
      n('m1', 'message', say('1')),
      n('m2', 'message', say('2')),
      n('w', 'wait', { mode: 'duration', duration: { minutes: 30 } }),
      n('m3', 'message', say('3')),
    ],
    [e('t', 'm1'), e('m1', 'm2'), e('m2', 'w'), e('w', 'm3')],
  )

  it('pushes a send over the daily cap to the next day (then quiet hours apply)', async () => {
    const r = await simulateFlow(threeMessages, {
      start: at('2025-06-01 10:00'),
      channel: { timezone: TZ, quietHours: quiet, frequencyCap: { perDay: 2 } },
    })
    expect(r.sends.map((s) => [s.nodeId, local(s.at)])).toEqual([
      ['m1', '2025-06-01 10:00'],
      ['m2', '2025-06-01 10:00'],
      ['m3', '2025-06-02 08:00'],
    ])
    const delays = r.trace.filter((x) => x.event === 'delivery.delayed').map((x) => x.data)
    expect(delays).toEqual([
      { reason: 'frequencyCap', perDay: 2, sentToday: 2, until: at('2025-06-02 00:00') },
      { reason: 'quietHours', quietHours: quiet, until: at('2025-06-02 08:00') },
    ])
  })

  it('counts sends from other scenarios the same day, and only that day', async () => {
    const one = flow([n('t', 'trigger.manual'), n('m', 'message', say('x'))], [e('t', 'm')])
    const capped = await simulateFlow(one, {
      start: at('2025-06-01 15:00'),
      channel: { timezone: TZ, frequencyCap: { perDay: 1 } },
      priorSends: [at('2025-06-01 09:00')],
    })
    expect(capped.sends.map((s) => local(s.at))).toEqual(['2025-06-02 00:00'])
    const yesterday = await simulateFlow(one, {
      start: at('2025-06-01 15:00'),
      channel: { timezone: TZ, frequencyCap: { perDay: 1 } },
      priorSends: [at('2025-05-31 23:59')],
    })
    expect(yesterday.sends.map((s) => local(s.at))).toEqual(['2025-06-01 15:00'])
  })

  it('a friend who blocks while a send is held is not sent to', async () => {
    const r = await simulateFlow(threeMessages, {
      start: at('2025-06-01 10:00'),
      channel: { timezone: TZ, frequencyCap: { perDay: 2 } },
      events: [{ at: at('2025-06-01 20:00'), kind: 'block' }],
    })
    expect(r.sends.map((s) => s.nodeId)).toEqual(['m1', 'm2'])
    expect(r.endedWith).toMatchObject({ reason: 'blocked', nodeId: 'm3', at: at('2025-06-01 20:00') })
  })
})

describe('channel delivery settings', () => {
  it('are validated for the api, and ignored by a run when they do not parse', async () => {
    expect(
      channelSettingsSchema.safeParse({
        timezone: 'Asia/Tokyo',
        quietHours: quiet,
        frequencyCap: { perDay: 3 },
      }).success,
    ).toBe(true)
    expect(channelSettingsSchema.safeParse({ quietHours: { start: '22:00', end: '22:00' } }).success).toBe(
      false,
    )
    expect(channelSettingsSchema.safeParse({ frequencyCap: { perDay: 0 } }).success).toBe(false)
    const one = flow([n('t', 'trigger.manual'), n('m', 'message', say('x'))], [e('t', 'm')])
    const r = await simulateFlow(one, {
      start: at('2025-06-01 23:00'),
      channel: { timezone: TZ, quietHours: { start: '25:00', end: '08:00' }, frequencyCap: { perDay: 0 } },
    })
    expect(r.sends.map((s) => local(s.at))).toEqual(['2025-06-01 23:00'])
    const badZone = await simulateFlow(one, { start: 0, channel: { timezone: 'Nowhere/City' } })
    expect(badZone.endedWith).toMatchObject({ reason: 'error', detail: { error: 'invalidTimezone' } })
    expect(badZone.sends).toEqual([])
  })
})
