import { describe, expect, it } from 'vitest'
import { normalizeFlow } from '../../flow/graph'
import { runFlow } from '../../flow/interpreter'
import { SimContext, simulateFlow, type SimEvent } from '../../flow/sim'
import { DAY, formatLocal } from '../../flow/time'
import { at, e, flow, n, say, text } from './helpers'

const TZ = 'Asia/Tokyo'
const local = (t: number) => formatLocal(t, TZ)

/** A 30-day welcome journey with replies, a coupon, a VIP branch, an A/B test and a reservation reminder. */
const journey = flow(
  [
    n('t', 'trigger.follow'),
    n('welcome', 'message', {
      messages: [text('{name}さん、友だち追加ありがとうございます！'), text('クーポンに興味はありますか？')],
      quickReplies: [
        { type: 'action', action: { type: 'message', label: 'はい', text: 'はい' } },
        { type: 'action', action: { type: 'message', label: 'いいえ', text: 'いいえ' } },
      ],
    }),
    n('ask', 'waitForEvent', {
      event: { kind: 'reply', match: { mode: 'exact', value: 'はい' } },
      timeout: { days: 2 },
    }),
    // Interested: tag, send the coupon at the next 10:00, wait for it to be used.
    n('tagInterested', 'action.tags', { add: ['interested'] }),
    n('at10', 'wait', { mode: 'untilTimeOfDay', time: '10:00' }),
    n('coupon', 'message', say('限定クーポンです。ボタンから使えます。')),
    n('used', 'waitForEvent', { event: { kind: 'postback', data: 'coupon=use' }, timeout: { days: 7 } }),
    n('won', 'goal', { name: 'クーポン利用' }),
    n('nudge', 'message', say('クーポンの期限が近づいています')),
    // Not interested: wait 3 days, branch on VIP / follow age, then an A/B test.
    n('pause', 'wait', { mode: 'duration', duration: { days: 3 } }),
    n('segment', 'branch', {
      branches: [
        { id: 'vip', label: 'VIP', when: { kind: 'tag', tagId: 'vip' } },
        {
          id: 'settled',
          when: {
            kind: 'and',
            all: [
              { kind: 'followed', op: 'ge', days: 5 },
              { kind: 'text', field: 'city', op: 'eq', value: '東京' },
            ],
          },
        },
      ],
    }),
    n('vipMsg', 'message', say('VIPのお客さまへ特別なご案内')),
    n('ab', 'split', {
      paths: [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
    }),
    n('msgA', 'message', say('A: 写真つきのご案内')),
    n('msgB', 'message', say('B: テキストのご案内')),
    n('week', 'wait', { mode: 'duration', duration: { days: 7 } }),
    n('week2', 'wait', { mode: 'untilWeekdayTime', weekdays: [6], time: '11:00' }),
    n('weekend', 'message', say('週末のおすすめ')),
    n('remind', 'wait', { mode: 'dateField', field: 'reservation', offsetDays: -1, time: '19:00' }),
    n('remindMsg', 'message', say('{name}さん、明日はご予約日です（{reservation}）')),
    n('done', 'end'),
  ],
  [
    e('t', 'welcome'),
    e('welcome', 'ask'),
    e('ask', 'tagInterested', 'happened'),
    e('tagInterested', 'at10'),
    e('at10', 'coupon'),
    e('coupon', 'used'),
    e('used', 'won', 'happened'),
    e('used', 'nudge', 'timedOut'),
    e('ask', 'pause', 'timedOut'),
    e('pause', 'segment'),
    e('segment', 'vipMsg', 'vip'),
    e('segment', 'ab', 'settled'),
    e('segment', 'ab', 'else', 'else-ab'),
    e('vipMsg', 'week'),
    e('ab', 'msgA', 'a'),
    e('ab', 'msgB', 'b'),
    e('msgA', 'week'),
    e('msgB', 'week', 'next', 'b-week'),
    e('week', 'week2'),
    e('week2', 'weekend'),
    e('weekend', 'remind'),
    e('remind', 'remindMsg'),
    e('remind', 'done', 'skipped'),
    e('remindMsg', 'done'),
  ],
)

const channel = { timezone: TZ, quietHours: { start: '22:00', end: '08:00' }, frequencyCap: { perDay: 3 } }
const start = at('2025-01-31 21:00') // a Friday evening, at the end of a month

describe('simulateFlow: a 30-day multi-branch journey', () => {
  it('interested friend: reply → tag → coupon at 10:00 → goal', async () => {
    const r = await simulateFlow(journey, {
      start,
      channel,
      friend: { displayName: '花子' },
      events: [
        { after: { hours: 1 }, kind: 'reply', text: 'うーん' },
        { after: { days: 1 }, kind: 'reply', text: 'はい' },
        { at: at('2025-02-05 12:00'), kind: 'postback', data: 'coupon=use' },
      ],
    })
    expect(r.sends.map((s) => [s.nodeId, local(s.at)])).toEqual([
      ['welcome', '2025-01-31 21:00'],
      ['coupon', '2025-02-02 10:00'],
    ])
    expect(r.sends[0]!.messages[0]).toMatchObject({ text: '花子さん、友だち追加ありがとうございます！' })
    expect(r.friend.tags).toContain('interested')
    expect(r.endedWith).toMatchObject({
      reason: 'goal',
      nodeId: 'won',
      goal: { name: 'クーポン利用' },
      at: at('2025-02-05 12:00'),
    })
  })

  it('silent friend: 30 days of waits, branch, A/B, quiet hours, reminder — in well under a second', async () => {
    const t0 = performance.now()
    const r = await simulateFlow(journey, {
      start,
      channel,
      seed: 'friend-7',
      friend: {
        displayName: '太郎',
        fields: { city: { type: 'text', value: '東京' }, reservation: { type: 'date', value: '2025-03-03' } },
      },
    })
    const elapsed = performance.now() - t0
    expect(elapsed).toBeLessThan(1000)
    const ab = r.visited.includes('msgA') ? 'msgA' : 'msgB'
    expect(r.visited).toEqual([
      't',
      'welcome',
      'ask',
      'pause',
      'segment',
      'ab',
      ab,
      'week',
      'week2',
      'weekend',
      'remind',
      'remindMsg',
      'done',
    ])
    expect(r.sends.map((s) => [s.nodeId, local(s.at)])).toEqual([
      ['welcome', '2025-01-31 21:00'],
      // ask times out 2025-02-02 21:00, +3 days = 2025-02-05 21:00; followed 5 days → settled → A/B.
      [ab, '2025-02-05 21:00'],
      // +7 days = 02-12 21:00, then the next Saturday 11:00 = 02-15.
      ['weekend', '2025-02-15 11:00'],
      ['remindMsg', '2025-03-02 19:00'],
    ])
    expect(r.sends[3]!.messages[0]).toMatchObject({ text: '太郎さん、明日はご予約日です（2025-03-03）' })
    expect(r.endedWith).toMatchObject({ reason: 'completed', nodeId: 'done', at: at('2025-03-02 19:00') })
    expect(r.endedWith.at - start).toBeGreaterThan(29 * DAY)
    const decision = r.trace.find((x) => x.event === 'decision' && x.nodeId === 'segment')!
    expect(decision.data).toMatchObject({ port: 'settled' })
  })

  it('VIP tag added while waiting → VIP branch; a late-night follow waits for quiet hours to end', async () => {
    const r = await simulateFlow(journey, {
      start,
      channel,
      events: [{ after: { days: 4 }, kind: 'tagAdded', tagId: 'vip' }],
      friend: { fields: {} },
    })
    expect(r.visited.slice(0, 6)).toEqual(['t', 'welcome', 'ask', 'pause', 'segment', 'vipMsg'])
    // pause ends 2025-02-05 21:00 — not quiet; no reservation → reminder skipped → end.
    expect(r.sends.map((s) => [s.nodeId, local(s.at)])).toEqual([
      ['welcome', '2025-01-31 21:00'],
      ['vipMsg', '2025-02-05 21:00'],
      ['weekend', '2025-02-15 11:00'],
    ])
    expect(r.endedWith).toMatchObject({ reason: 'completed', nodeId: 'done' })
    const lateStart = await simulateFlow(journey, { start: at('2025-01-31 23:00'), channel })
    expect(local(lateStart.sends[0]!.at)).toBe('2025-02-01 08:00')
    expect(lateStart.trace.find((x) => x.event === 'delivery.delayed')?.data).toMatchObject({
      reason: 'quietHours',
    })
  })

  it('is deterministic: the same inputs give the same sends and trace', async () => {
    const options = {
      start,
      channel,
      seed: 99,
      events: [{ after: { days: 20 }, kind: 'reply', text: 'x' }] as SimEvent[],
    }
    const a = await simulateFlow(journey, options)
    const b = await simulateFlow(journey, options)
    expect(a.trace).toEqual(b.trace)
    expect(a.sends).toEqual(b.sends)
  })
})

describe('run endings', () => {
  const simple = flow(
    [
      n('t', 'trigger.manual'),
      n('m1', 'message', say('1')),
      n('w', 'wait', { mode: 'duration', duration: { days: 5 } }),
      n('m2', 'message', say('2')),
    ],
    [e('t', 'm1'), e('m1', 'w'), e('w', 'm2')],
  )

  it('completed when an unconnected (may-end) port is taken', async () => {
    const r = await simulateFlow(simple, { start: 0 })
    expect(r.endedWith).toEqual({ reason: 'completed', at: 5 * DAY, nodeId: 'm2', detail: { port: 'next' } })
    expect(r.trace.at(-1)).toMatchObject({ event: 'run.end' })
  })

  it('blocked when the friend blocks mid-wait: nothing more is sent', async () => {
    const r = await simulateFlow(simple, { start: 0, events: [{ after: { days: 2 }, kind: 'block' }] })
    expect(r.sends.map((s) => s.nodeId)).toEqual(['m1'])
    expect(r.endedWith).toMatchObject({ reason: 'blocked', at: 2 * DAY, nodeId: 'w' })
  })

  it('stopped by staff or another scenario', async () => {
    const r = await simulateFlow(simple, {
      start: 0,
      events: [{ after: { days: 1 }, kind: 'stop', detail: 'staff' }],
    })
    expect(r.endedWith).toMatchObject({ reason: 'stopped', at: DAY, detail: { interruption: 'staff' } })
  })

  it('error on an invalid flow, or an unknown node version, without running anything', async () => {
    const bad = flow([n('t', 'trigger.manual'), n('m', 'message', say('x'), 7)], [e('t', 'm')])
    const r = await simulateFlow(bad, { start: 0 })
    expect(r.endedWith).toMatchObject({
      reason: 'error',
      detail: { error: 'invalidFlow', problems: ['unknownNodeVersion'] },
    })
    expect(r.sends).toEqual([])
  })

  it('a simulation stops at its horizon instead of sleeping past it', async () => {
    const r = await simulateFlow(simple, { start: 0, until: 3 * DAY })
    expect(r.endedWith).toMatchObject({
      reason: 'stopped',
      at: 3 * DAY,
      detail: { interruption: 'simulationHorizon' },
    })
  })
})

describe('interpreter', () => {
  const loop = flow(
    [
      n('t', 'trigger.manual'),
      n('m', 'message', say('定期便')),
      n('w', 'wait', { mode: 'duration', duration: { days: 1 } }),
    ],
    [e('t', 'm'), e('m', 'w'), e('w', 'm')],
  )
  /** runFlow takes flows as runs get them. */
  const runnableLoop = () => normalizeFlow(loop).flow!

  it('refreshes the friend after waiting, so branches see what changed meanwhile', async () => {
    const f = flow(
      [
        n('t', 'trigger.manual'),
        n('w', 'wait', { mode: 'duration', duration: { hours: 1 } }),
        n('b', 'branch', { branches: [{ id: 'paid', when: { kind: 'tag', tagId: 'paid' } }] }),
        n('thanks', 'message', say('ありがとうございます')),
      ],
      [e('t', 'w'), e('w', 'b'), e('b', 'thanks', 'paid')],
    )
    const r = await simulateFlow(f, {
      start: 0,
      events: [{ after: { minutes: 10 }, kind: 'tagAdded', tagId: 'paid' }],
    })
    expect(r.sends.map((s) => s.nodeId)).toEqual(['thanks'])
  })

  it('suspends at maxSteps with the node to resume at (continue-as-new), and resumes there', async () => {
    const ctx = new SimContext({ start: 0 })
    const first = await runFlow(runnableLoop(), ctx, { maxSteps: 7, suspendAtMaxSteps: true })
    expect(first).toMatchObject({ status: 'suspended', resumeAt: 'm', steps: 7 })
    expect(ctx.sends).toHaveLength(3)
    const second = await runFlow(runnableLoop(), ctx, { resumeAt: 'm', maxSteps: 2, suspendAtMaxSteps: true })
    expect(second).toMatchObject({ status: 'suspended', resumeAt: 'm', visited: ['m', 'w'] })
    expect(ctx.sends.map((s) => s.at / DAY)).toEqual([0, 1, 2, 3])
  })

  it('ends with error at the step limit when not suspending', async () => {
    const r = await simulateFlow(loop, { start: 0, maxSteps: 5, until: 100 * DAY })
    expect(r.endedWith).toMatchObject({ reason: 'error', detail: { error: 'stepLimit' } })
  })

  it('only the context does side effects: a replay with the same context inputs repeats exactly', async () => {
    const runOnce = async () => {
      const ctx = new SimContext({ start: 0, seed: 3 })
      await runFlow(runnableLoop(), ctx, { maxSteps: 9, suspendAtMaxSteps: true })
      return ctx.entries
    }
    expect(await runOnce()).toEqual(await runOnce())
  })
})
