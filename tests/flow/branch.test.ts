import { describe, expect, it } from 'vitest'
import { conditionSchema, describeCondition, evaluateCondition, type Condition } from '../../flow/conditions'
import type { FriendSnapshot } from '../../flow/context'
import { validateFlow } from '../../flow/graph'
import { spec } from '../../flow/nodes/branch/spec'
import { portsOf } from '../../flow/spec'
import { simFriend } from '../../flow/sim'
import { at, e, flow, n, runner, stepEnv } from './helpers'

const now = at('2025-06-15 12:00')
const friend: FriendSnapshot = simFriend(0, {
  displayName: '太郎',
  followedAt: at('2025-06-01 23:30'),
  tags: ['vip', 'tokyo'],
  fields: {
    nickname: { type: 'text', value: 'タロウ' },
    memo: { type: 'text', value: null },
    age: { type: 'number', value: 34 },
    birthday: { type: 'date', value: '1991-06-20' },
    reservation: { type: 'date', value: '2025-06-18' },
    lastVisit: { type: 'datetime', value: at('2025-06-10 18:00') },
    plan: { type: 'select', value: 'gold' },
  },
  history: {
    events: [
      {
        kind: 'click',
        at: at('2025-06-02 10:00'),
        url: 'https://shop.example/sale',
        flowId: 'f1',
        nodeId: 'm2',
      },
      { kind: 'postback', at: at('2025-06-03 10:00'), data: 'survey=yes&q=1', flowId: 'f1', nodeId: 'm3' },
      { kind: 'reply', at: at('2025-06-03 11:00'), text: 'はい' },
    ],
    scenarios: [
      { flowId: 'welcome', state: 'completed', startedAt: 0, endedAt: 1 },
      { flowId: 'promo', state: 'active', startedAt: 2 },
    ],
  },
})
const env = { friend, now, timezone: 'Asia/Tokyo', flowId: 'f1' }
const holds = (c: Condition) => evaluateCondition(conditionSchema.parse(c), env).result

describe('branch conditions', () => {
  it('tags: has / has not', () => {
    expect(holds({ kind: 'tag', tagId: 'vip', has: true })).toBe(true)
    expect(holds({ kind: 'tag', tagId: 'vip', has: false })).toBe(false)
    expect(holds({ kind: 'tag', tagId: 'osaka', has: false })).toBe(true)
  })

  it('text fields: eq / neq / contains / notContains / empty / notEmpty (width-insensitive)', () => {
    expect(holds({ kind: 'text', field: 'nickname', op: 'eq', value: 'ﾀﾛｳ' })).toBe(true)
    expect(holds({ kind: 'text', field: 'nickname', op: 'neq', value: 'ジロウ' })).toBe(true)
    expect(holds({ kind: 'text', field: 'nickname', op: 'contains', value: 'ロ' })).toBe(true)
    expect(holds({ kind: 'text', field: 'nickname', op: 'notContains', value: 'ロ' })).toBe(false)
    expect(holds({ kind: 'text', field: 'memo', op: 'empty' })).toBe(true)
    expect(holds({ kind: 'text', field: 'missing', op: 'empty' })).toBe(true)
    expect(holds({ kind: 'text', field: 'nickname', op: 'notEmpty' })).toBe(true)
    expect(holds({ kind: 'text', field: 'memo', op: 'eq', value: 'x' })).toBe(false)
  })

  it('number fields: = ≠ < ≤ > ≥; empty → false', () => {
    const cmp = (op: string, value: number) => holds({ kind: 'number', field: 'age', op, value } as Condition)
    expect([
      cmp('eq', 34),
      cmp('ne', 34),
      cmp('lt', 35),
      cmp('le', 34),
      cmp('gt', 34),
      cmp('ge', 34),
    ]).toEqual([true, false, true, true, false, true])
    expect(holds({ kind: 'number', field: 'nothing', op: 'ne', value: 1 })).toBe(false)
  })

  it('date fields: before / after / on / within the next or past N days (channel calendar)', () => {
    expect(holds({ kind: 'date', field: 'reservation', op: 'after', date: '2025-06-17' })).toBe(true)
    expect(holds({ kind: 'date', field: 'reservation', op: 'before', date: '2025-06-18' })).toBe(false)
    expect(holds({ kind: 'date', field: 'reservation', op: 'on', date: '2025-06-18' })).toBe(true)
    expect(holds({ kind: 'date', field: 'reservation', op: 'withinNext', days: 3 })).toBe(true)
    expect(holds({ kind: 'date', field: 'reservation', op: 'withinNext', days: 2 })).toBe(false)
    expect(holds({ kind: 'date', field: 'lastVisit', op: 'withinPast', days: 5 })).toBe(true)
    expect(holds({ kind: 'date', field: 'lastVisit', op: 'withinPast', days: 4 })).toBe(false)
  })

  it('select fields: value in a set', () => {
    expect(holds({ kind: 'select', field: 'plan', in: ['gold', 'platinum'] })).toBe(true)
    expect(holds({ kind: 'select', field: 'plan', in: ['silver'] })).toBe(false)
  })

  it('days since follow, by calendar day in the channel zone', () => {
    // Followed 2025-06-01 23:30 JST; now 2025-06-15 → 14 calendar days.
    expect(holds({ kind: 'followed', op: 'eq', days: 14 })).toBe(true)
    expect(holds({ kind: 'followed', op: 'ge', days: 15 })).toBe(false)
    expect(
      evaluateCondition(
        { kind: 'followed', op: 'ge', days: 0 },
        { ...env, friend: { ...friend, followedAt: null } },
      ).result,
    ).toBe(false)
  })

  it('clicks, postbacks and scenario history', () => {
    expect(holds({ kind: 'clicked', nodeId: 'm2' })).toBe(true)
    expect(holds({ kind: 'clicked', nodeId: 'm9' })).toBe(false)
    expect(holds({ kind: 'clicked', url: 'https://shop.example/sale' })).toBe(true)
    expect(evaluateCondition({ kind: 'clicked', nodeId: 'm2' }, { ...env, flowId: 'other' }).result).toBe(
      false,
    )
    expect(holds({ kind: 'postback', data: 'survey=yes', match: 'prefix' })).toBe(true)
    expect(holds({ kind: 'postback', data: 'survey=yes', match: 'exact' })).toBe(false)
    expect(holds({ kind: 'scenario', flowId: 'welcome', state: 'completed' })).toBe(true)
    expect(holds({ kind: 'scenario', flowId: 'welcome', state: 'active' })).toBe(false)
    expect(holds({ kind: 'scenario', flowId: 'promo', state: 'active' })).toBe(true)
    expect(holds({ kind: 'scenario', flowId: 'never', state: 'entered' })).toBe(false)
  })

  it('AND / OR / NOT combine, short-circuit, and record the facts that decided', () => {
    const c: Condition = {
      kind: 'and',
      all: [
        { kind: 'tag', tagId: 'vip', has: true },
        {
          kind: 'or',
          any: [
            { kind: 'number', field: 'age', op: 'lt', value: 30 },
            { kind: 'not', cond: { kind: 'tag', tagId: 'tokyo', has: true } },
          ],
        },
      ],
    }
    const r = evaluateCondition(c, env)
    expect(r.result).toBe(false)
    expect(r.facts).toEqual([
      { path: 'when.all.0', kind: 'tag', actual: true, result: true },
      { path: 'when.all.1.any.0', kind: 'number', actual: 34, result: false },
      { path: 'when.all.1.any.1.cond', kind: 'tag', actual: true, result: true },
    ])
    const short = evaluateCondition(
      {
        kind: 'or',
        any: [
          { kind: 'tag', tagId: 'vip', has: true },
          { kind: 'tag', tagId: 'x', has: true },
        ],
      },
      env,
    )
    expect(short.result).toBe(true)
    expect(short.facts).toHaveLength(1)
    expect(describeCondition(c, 'ja')).toBe('タグ「vip」あり かつ (age < 30 または NOT(タグ「tokyo」あり))')
  })
})

describe('branch node', () => {
  const branches = {
    branches: [
      { id: 'young', label: '若年', when: { kind: 'number', field: 'age', op: 'lt', value: 30 } },
      { id: 'vip', label: 'VIP', when: { kind: 'tag', tagId: 'vip' } },
      { id: 'tokyo', when: { kind: 'tag', tagId: 'tokyo' } },
    ],
  }

  it('ports: one per branch (must connect) plus else (may end)', () => {
    expect(portsOf(spec, branches).map((p) => [p.id, p.label.ja, p.mayEnd])).toEqual([
      ['young', '若年', false],
      ['vip', 'VIP', false],
      ['tokyo', '条件3', false],
      ['else', 'どれにも当てはまらない', true],
    ])
  })

  it('first match wins; the decision is traced with the values that decided it', async () => {
    const { ctx, env: stepenv } = stepEnv({ start: now, friend })
    const result = await runner('branch').run(branches, stepenv)
    expect(result).toMatchObject({ port: 'vip' })
    const decision = ctx.entries.find((x) => x.event === 'decision')!
    expect(decision.data).toEqual({
      port: 'vip',
      checked: [
        {
          branch: 'young',
          result: false,
          facts: [{ path: 'branches.0.when', kind: 'number', actual: 34, result: false }],
        },
        {
          branch: 'vip',
          result: true,
          facts: [{ path: 'branches.1.when', kind: 'tag', actual: true, result: true }],
        },
      ],
    })
  })

  it('takes else when nothing matches', async () => {
    const { env: stepenv } = stepEnv({ start: now, friend: { tags: [] } })
    expect(await runner('branch').run(branches, stepenv)).toMatchObject({ port: 'else' })
  })

  it('refuses duplicate IDs, "else" as an ID, missing compare values, too deep trees; checks references', () => {
    const errs = (params: unknown, ctx = {}) =>
      validateFlow(
        flow([n('t', 'trigger.manual'), n('b', 'branch', params)], [e('t', 'b')]),
        ctx,
      ).errors.filter((x) => x.code !== 'portNotConnected')
    const tag = { kind: 'tag', tagId: 'vip' }
    expect(
      errs({
        branches: [
          { id: 'a', when: tag },
          { id: 'a', when: tag },
        ],
      })[0],
    ).toMatchObject({ path: 'branches.1.id' })
    expect(errs({ branches: [{ id: 'else', when: tag }] })[0]).toMatchObject({ path: 'branches.0.id' })
    expect(errs({ branches: [{ id: 'a', when: { kind: 'text', field: 'x', op: 'eq' } }] })[0]).toMatchObject({
      path: 'branches.0.when.value',
    })
    expect(
      errs({ branches: [{ id: 'a', when: { kind: 'date', field: 'x', op: 'withinNext' } }] })[0],
    ).toMatchObject({
      path: 'branches.0.when.days',
    })
    let deep: unknown = tag
    for (let i = 0; i < 7; i++) deep = { kind: 'not', cond: deep }
    expect(errs({ branches: [{ id: 'a', when: deep }] })[0]).toMatchObject({ path: 'branches.0.when' })
    expect(errs({ branches: [{ id: 'a', when: { kind: 'weather', is: 'sunny' } }] })[0]).toMatchObject({
      path: 'branches.0.when.kind',
    })
    const ctx = {
      tagIds: ['vip'],
      fields: { age: { type: 'number' as const }, plan: { type: 'select' as const, options: ['gold'] } },
    }
    const refs = errs(
      {
        branches: [
          {
            id: 'a',
            when: {
              kind: 'and',
              all: [
                { kind: 'tag', tagId: 'ghost' },
                { kind: 'date', field: 'age', op: 'on', date: '2025-01-01' },
              ],
            },
          },
          { id: 'b', when: { kind: 'select', field: 'plan', in: ['gold', 'bronze'] } },
        ],
      },
      ctx,
    )
    expect(refs.map((x) => [x.code, x.path])).toEqual([
      ['unknownTag', 'branches.0.when.all.0.tagId'],
      ['fieldTypeMismatch', 'branches.0.when.all.1.field'],
      ['unknownOption', 'branches.1.when.in.1'],
    ])
  })
})
