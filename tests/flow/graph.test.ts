import { describe, expect, it } from 'vitest'
import { validateFlow } from '../../flow/graph'
import { e, flow, n, say } from './helpers'

const codes = (input: unknown, ctx = {}) => validateFlow(input, ctx).errors.map((x) => x.code)
const trigger = n('t', 'trigger.follow')

describe('validateFlow', () => {
  it('accepts a well-formed flow and fills in defaults', () => {
    const f = {
      nodes: [
        trigger,
        n('m', 'message', say('ようこそ')),
        n('w', 'wait', { mode: 'duration', duration: { days: 1 } }),
        n('m2', 'message', say('2日目')),
      ],
      edges: [e('t', 'm'), e('m', 'w'), e('w', 'm2')],
    }
    const result = validateFlow(f)
    expect(result.errors).toEqual([])
    expect(result.ok).toBe(true)
    expect(result.flow?.settings).toEqual({ reentry: 'once' })
  })

  it('reports a malformed definition with its path and node', () => {
    const result = validateFlow({
      nodes: [{ id: 't', type: 'trigger.follow', version: 1, params: {} }],
      edges: [],
    })
    expect(result.ok).toBe(false)
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'invalidDefinition', nodeId: 't', path: 'nodes.0.position' }),
    ])
    expect(codes(null)).toEqual(['invalidDefinition'])
    expect(codes({ nodes: [], edges: [], settings: { reentry: 'sometimes' } })).toEqual(['invalidDefinition'])
  })

  it('refuses duplicate IDs and an unknown time zone', () => {
    expect(codes(flow([trigger, n('t', 'end')], [e('t', 't')]))).toContain('duplicateNodeId')
    expect(
      codes(flow([trigger, n('z', 'end')], [e('t', 'z', 'next', 'x'), e('t', 'z', 'next', 'x')])),
    ).toContain('duplicateEdgeId')
    expect(codes(flow([trigger, n('z', 'end')], [e('t', 'z')], { timezone: 'Asia/Nowhere' }))).toEqual([
      'invalidTimezone',
    ])
    expect(codes(flow([trigger, n('z', 'end')], [e('t', 'z')], { timezone: 'America/New_York' }))).toEqual([])
  })

  it('refuses unknown node types and versions', () => {
    const result = validateFlow(
      flow([trigger, n('x', 'teleport'), n('y', 'wait', {}, 99)], [e('t', 'x'), e('x', 'y')]),
    )
    expect(result.errors.filter((x) => x.nodeId === 'x')[0]).toMatchObject({ code: 'unknownNodeType' })
    expect(result.errors.find((x) => x.nodeId === 'y')).toMatchObject({ code: 'unknownNodeVersion' })
    expect(result.errors.find((x) => x.nodeId === 'y')!.message.en).toContain('known: 1')
  })

  it('needs exactly one trigger', () => {
    expect(codes(flow([n('m', 'message', say('x'))], []))).toEqual(['noTrigger'])
    const two = validateFlow(
      flow([trigger, n('t2', 'trigger.manual'), n('z', 'end')], [e('t', 'z'), e('t2', 'z', 'next', 'e2')]),
    )
    expect(two.errors).toEqual([expect.objectContaining({ code: 'multipleTriggers', nodeId: 't2' })])
  })

  it('checks edges: existing nodes, declared ports, nothing into the trigger', () => {
    const result = validateFlow(
      flow(
        [trigger, n('m', 'message', say('x')), n('z', 'end')],
        [e('t', 'm'), e('m', 'ghost'), e('nobody', 'z'), e('m', 'z', 'yes'), e('z', 't', 'next', 'back')],
      ),
    )
    expect(result.errors.map((x) => [x.code, x.edgeId, x.nodeId, x.port])).toEqual([
      ['edgeUnknownTarget', 'm-next-ghost', undefined, undefined],
      ['edgeUnknownSource', 'nobody-next-z', undefined, undefined],
      ['edgeUnknownPort', 'm-yes-z', 'm', 'yes'],
      // An end node has no ports at all, and nothing may lead back into the trigger.
      ['edgeIntoTrigger', 'back', 't', undefined],
      ['edgeUnknownPort', 'back', 'z', 'next'],
      // Refused edges do not count: only they led to z.
      ['unreachable', undefined, 'z', undefined],
    ])
    expect(result.errors[2]!.message.ja).toBe('メッセージ送信（m）に出口「yes」はありません（出口: next）')
  })

  it('connects each port at most once', () => {
    const result = validateFlow(flow([trigger, n('a', 'end'), n('b', 'end')], [e('t', 'a'), e('t', 'b')]))
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'portConnectedTwice', nodeId: 't', port: 'next', edgeId: 't-next-b' }),
      // The refused edge does not count, so b hangs in the air.
      expect.objectContaining({ code: 'unreachable', nodeId: 'b' }),
    ])
  })

  it('requires ports to be connected unless they may end', () => {
    const f = flow(
      [
        trigger,
        n('q', 'message', say('ご来店予定は？')),
        n('w', 'waitForEvent', { event: { kind: 'reply' }, timeout: { days: 1 } }),
        n('b', 'branch', { branches: [{ id: 'yes', when: { kind: 'tag', tagId: 'x' } }] }),
      ],
      [e('t', 'q'), e('q', 'w'), e('w', 'b', 'happened')],
    )
    // message.next, waitForEvent.timedOut and branch.else may end; branch "yes" must be connected.
    expect(validateFlow(f).errors).toEqual([
      expect.objectContaining({ code: 'portNotConnected', nodeId: 'b', port: 'yes' }),
    ])
    const wait = flow([trigger, n('w', 'wait', { mode: 'duration', duration: { days: 1 } })], [e('t', 'w')])
    expect(validateFlow(wait).errors).toEqual([
      expect.objectContaining({ code: 'portNotConnected', nodeId: 'w', port: 'next' }),
    ])
    expect(codes(flow([trigger], []))).toEqual(['portNotConnected'])
  })

  it('requires every node to be reachable from the trigger', () => {
    const result = validateFlow(
      flow([trigger, n('a', 'end'), n('island', 'message', say('x'))], [e('t', 'a')]),
    )
    expect(result.errors).toEqual([expect.objectContaining({ code: 'unreachable', nodeId: 'island' })])
    expect(result.errors[0]!.message.ja).toContain('メッセージ送信（island）')
  })

  it('refuses loops without a wait that always takes time', () => {
    const loop = (waitParams: unknown) =>
      flow(
        [
          trigger,
          n('m', 'message', say('まだですか？')),
          n('w', 'wait', waitParams),
          n('b', 'branch', { branches: [{ id: 'done', when: { kind: 'tag', tagId: 'answered' } }] }),
          n('z', 'end'),
        ],
        [e('t', 'm'), e('m', 'w'), e('w', 'b'), e('b', 'z', 'done'), e('b', 'm', 'else')],
      )
    expect(codes(loop({ mode: 'duration', duration: { days: 3 } }))).toEqual([])
    expect(codes(loop({ mode: 'untilWeekdayTime', weekdays: [1], time: '10:00' }))).toEqual([])
    // An absolute date is passed after the first round: the loop would spin.
    const spin = validateFlow(loop({ mode: 'untilDateTime', date: '2025-01-01', time: '10:00' }))
    expect(spin.errors).toEqual([expect.objectContaining({ code: 'cycleWithoutWait', nodeId: 'm' })])
    expect(spin.errors[0]!.message.en).toContain('m → w → b')
    const self = flow([trigger, n('a', 'action.tags', { add: ['x'] })], [e('t', 'a'), e('a', 'a')])
    expect(codes(self)).toEqual(['cycleWithoutWait'])
    const viaEvent = flow(
      [
        trigger,
        n('w', 'waitForEvent', { event: { kind: 'reply' }, timeout: { days: 1 } }),
        n('m', 'message', say('x')),
      ],
      [e('t', 'w'), e('w', 'm', 'happened'), e('m', 'w')],
    )
    expect(codes(viaEvent)).toEqual([])
  })

  it('names the node and the field of invalid parameters, in both languages', () => {
    const result = validateFlow(
      flow(
        [trigger, n('w1', 'wait', { mode: 'untilTimeOfDay', time: '25:00' }), n('z', 'end')],
        [e('t', 'w1'), e('w1', 'z')],
      ),
    )
    expect(result.errors).toEqual([
      {
        nodeId: 'w1',
        path: 'time',
        code: 'invalidParams',
        message: {
          ja: '待機（w1）の「時刻」（time）: 時刻は HH:MM（00:00〜23:59）で指定してください',
          en: 'Wait (w1), "Time" (time): Use a time as HH:MM (00:00–23:59)',
        },
      },
    ])
    const extra = validateFlow(
      flow([n('t', 'trigger.follow', { refollow: true, surprise: 1 }), n('z', 'end')], [e('t', 'z')]),
    )
    expect(extra.errors[0]).toMatchObject({ nodeId: 't', code: 'invalidParams' })
    expect(extra.errors[0]!.message.ja).toContain('使えない項目があります: surprise')
  })

  it('checks references against the channel when it is given', () => {
    const f = flow(
      [
        n('t', 'trigger.tagAdded', { tagId: 'vip' }),
        n('w', 'wait', { mode: 'dateField', field: 'memo', time: '10:00' }),
        n('z', 'end'),
      ],
      [e('t', 'w'), e('w', 'z')],
    )
    expect(codes(f)).toEqual([])
    expect(
      validateFlow(f, { tagIds: ['other'], fields: { memo: { type: 'text' } } }).errors.map((x) => [
        x.nodeId,
        x.code,
        x.path,
      ]),
    ).toEqual([
      ['t', 'unknownTag', 'tagId'],
      ['w', 'fieldTypeMismatch', 'field'],
    ])
  })
})
