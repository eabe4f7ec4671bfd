import { describe, expect, it } from 'vitest'
import { validateFlow } from '../../flow/graph'
import { findSpec } from '../../flow/registry'
import { portsOf } from '../../flow/spec'
import { simulateFlow } from '../../flow/sim'
import { at, e, flow, n, runner, say, stepEnv } from './helpers'

const step = (type: string) => runner(type)
const errs = (type: string, params: unknown, ctx = {}) =>
  validateFlow(flow([n('t', 'trigger.manual'), n('a', type, params)], [e('t', 'a')]), ctx).errors

describe('action nodes', () => {
  it('all have a `next` port that may end, except stopping this scenario (no port)', () => {
    for (const [type, params] of [
      ['action.tags', { add: ['x'] }],
      ['action.fields', { changes: [{ key: 'k', op: 'clear' }] }],
      ['action.startScenario', { flowId: 'f' }],
      ['action.stopScenario', { target: 'other', flowId: 'f' }],
      ['action.notifyStaff', { message: 'hi' }],
      ['action.markAttention', {}],
    ] as const) {
      expect(portsOf(findSpec(type, 1)!, params), type).toEqual([
        expect.objectContaining({ id: 'next', mayEnd: true }),
      ])
    }
    expect(portsOf(findSpec('action.stopScenario', 1)!, { target: 'this' })).toEqual([])
  })

  it('tags: adds and removes; the snapshot reflects it at once', async () => {
    const { ctx, env } = stepEnv({ start: 0, friend: { tags: ['lead', 'cold'] } })
    expect(await step('action.tags').run({ add: ['customer'], remove: ['cold'] }, env)).toEqual({
      port: 'next',
    })
    expect(ctx.friend().tags).toEqual(['lead', 'customer'])
    expect(ctx.actions[0]!.actions).toEqual([{ kind: 'tags', add: ['customer'], remove: ['cold'] }])
    expect(ctx.entries.find((x) => x.event === 'actions')?.data).toMatchObject({ ok: true })
  })

  it('tags: refuses an empty change, a tag both added and removed, unknown tags', () => {
    expect(errs('action.tags', {})[0]).toMatchObject({ path: 'add', code: 'invalidParams' })
    expect(errs('action.tags', { add: ['x'], remove: ['x'] })[0]).toMatchObject({ path: 'remove.0' })
    expect(errs('action.tags', { add: ['ghost'] }, { tagIds: ['x'] })[0]).toMatchObject({
      code: 'unknownTag',
      path: 'add.0',
    })
  })

  it('fields: sets and clears; datetime values are read in the run’s zone', async () => {
    const { ctx, env } = stepEnv({
      start: 0,
      friend: { fields: { visit: { type: 'datetime', value: null }, memo: { type: 'text', value: 'old' } } },
    })
    const result = await step('action.fields').run(
      {
        changes: [
          { key: 'visit', op: 'set', value: '2025-07-01 18:30' },
          { key: 'memo', op: 'clear' },
          { key: 'score', op: 'set', value: 10 },
        ],
      },
      env,
    )
    expect(result).toEqual({ port: 'next' })
    expect(ctx.friend().fields).toEqual({
      visit: { type: 'datetime', value: at('2025-07-01 18:30') },
      memo: { type: 'text', value: null },
      score: { type: 'number', value: 10 },
    })
  })

  it('fields: values are checked per field type when the field schema is known', () => {
    const fields = {
      age: { type: 'number' as const },
      birthday: { type: 'date' as const },
      visit: { type: 'datetime' as const },
      plan: { type: 'select' as const, options: ['gold', 'silver'] },
      memo: { type: 'text' as const },
    }
    const bad = errs(
      'action.fields',
      {
        changes: [
          { key: 'age', op: 'set', value: '30' },
          { key: 'birthday', op: 'set', value: '2025-02-30' },
          { key: 'visit', op: 'set', value: '2025-07-01' },
          { key: 'plan', op: 'set', value: 'bronze' },
          { key: 'memo', op: 'set', value: 5 },
          { key: 'ghost', op: 'clear' },
        ],
      },
      { fields },
    )
    expect(bad.map((x) => [x.code, x.path])).toEqual([
      ['invalidFieldValue', 'changes.0.value'],
      ['invalidFieldValue', 'changes.1.value'],
      ['invalidFieldValue', 'changes.2.value'],
      ['invalidFieldValue', 'changes.3.value'],
      ['invalidFieldValue', 'changes.4.value'],
      ['unknownField', 'changes.5.key'],
    ])
    expect(bad[3]!.message.ja).toContain('gold, silver')
    const good = errs(
      'action.fields',
      {
        changes: [
          { key: 'age', op: 'set', value: 30 },
          { key: 'birthday', op: 'set', value: '2024-02-29' },
          { key: 'visit', op: 'set', value: '2025-07-01 09:00' },
          { key: 'plan', op: 'set', value: 'gold' },
        ],
      },
      { fields },
    )
    expect(good).toEqual([])
    expect(
      errs('action.fields', {
        changes: [
          { key: 'a', op: 'clear' },
          { key: 'a', op: 'clear' },
        ],
      })[0],
    ).toMatchObject({
      path: 'changes.1.key',
    })
  })

  it('start / stop another scenario go through the context; stopping this one ends the run', async () => {
    const { ctx, env } = stepEnv({
      start: 5,
      friend: { history: { events: [], scenarios: [{ flowId: 'promo', state: 'active', startedAt: 1 }] } },
    })
    await step('action.startScenario').run({ flowId: 'followup' }, env)
    await step('action.stopScenario').run({ target: 'other', flowId: 'promo' }, env)
    expect(ctx.friend().history.scenarios.map((s) => [s.flowId, s.state])).toEqual([
      ['promo', 'stopped'],
      ['followup', 'active'],
    ])
    expect(await step('action.stopScenario').run({ target: 'this' }, env)).toMatchObject({ end: 'stopped' })
    expect(errs('action.startScenario', { flowId: 'self' }, { flowId: 'self' })[0]).toMatchObject({
      code: 'startsItself',
    })
    expect(errs('action.startScenario', { flowId: 'ghost' }, { flowIds: ['a'] })[0]).toMatchObject({
      code: 'unknownFlow',
    })
    expect(errs('action.stopScenario', { target: 'other' })[0]).toMatchObject({ path: 'flowId' })
  })

  it('notify staff fills in friend values; mark attention passes the note', async () => {
    const { ctx, env } = stepEnv({ start: 0, friend: { displayName: '花子' } })
    await step('action.notifyStaff').run({ message: '{name}さんが回答しました', email: true }, env)
    await step('action.markAttention').run({ note: '電話希望' }, env)
    expect(ctx.actions.map((a) => a.actions[0])).toEqual([
      { kind: 'notifyStaff', message: '花子さんが回答しました', email: true },
      { kind: 'markAttention', note: '電話希望' },
    ])
    expect(errs('action.notifyStaff', { message: '  ' })[0]).toMatchObject({ path: 'message' })
  })

  it('a refused action ends the run with error', async () => {
    const { ctx, env } = stepEnv({ start: 0 })
    ctx.applyActions = async () => ({ ok: false, error: 'tag deleted' })
    expect(await step('action.tags').run({ add: ['x'] }, env)).toEqual({
      end: 'error',
      data: { error: 'tag deleted' },
    })
  })
})

describe('goal and end', () => {
  it('goal ends the run with the conversion; end completes it', async () => {
    const goalFlow = flow(
      [
        n('t', 'trigger.manual'),
        n('m', 'message', say('x')),
        n('g', 'goal', { name: '来店予約', value: 5000 }),
      ],
      [e('t', 'm'), e('m', 'g')],
    )
    const r = await simulateFlow(goalFlow, { start: 0 })
    expect(r.endedWith).toMatchObject({
      reason: 'goal',
      nodeId: 'g',
      goal: { name: '来店予約', value: 5000 },
    })
    expect(r.trace.some((x) => x.event === 'goal')).toBe(true)
    const endFlow = flow([n('t', 'trigger.manual'), n('z', 'end')], [e('t', 'z')])
    expect((await simulateFlow(endFlow, { start: 0 })).endedWith).toMatchObject({
      reason: 'completed',
      nodeId: 'z',
    })
    expect(portsOf(findSpec('goal', 1)!, { name: 'x' })).toEqual([])
    expect(errs('goal', { name: '' })[0]).toMatchObject({ path: 'name' })
  })
})
