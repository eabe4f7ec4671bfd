import { describe, expect, it } from 'vitest'
import { nodeSpecs } from '../../flow/registry'
import { portsOf } from '../../flow/spec'
import { mayEnter, triggerMatches, type TriggerEvent } from '../../flow/triggers'
import { simFriend } from '../../flow/sim'
import { validateFlow, type FlowDefinition } from '../../flow/graph'
import { e, flow, n, runnable, runner, say, stepEnv } from './helpers'

/** Which triggers there are is the registry test's business; each behaves as a trigger here. */
const triggerSpecs = nodeSpecs.filter((s) => s.category === 'trigger')

const withTrigger = (type: string, params: unknown) =>
  flow([n('t', type, params), n('m', 'message', say('hi'))], [e('t', 'm')])

/** Trigger matching as the dispatcher does it: on the published (normalized) flow. */
const matches = (def: FlowDefinition, event: TriggerEvent) => triggerMatches(runnable(def), event)

describe('trigger node types', () => {
  it('each has one `next` port that must be connected, and a run step that takes it', async () => {
    for (const spec of triggerSpecs) {
      expect(portsOf(spec, spec.defaults)).toEqual([{ id: 'next', label: expect.any(Object), mayEnd: false }])
      const { env } = stepEnv({ start: 0 })
      const params =
        {
          'trigger.tagAdded': { tagId: 't1' },
          'trigger.keyword': { mode: 'exact', value: 'x' },
          'trigger.postback': { data: 'd' },
        }[spec.type] ?? {}
      expect(await runner(spec.type, spec.version).run(params, env)).toEqual({ port: 'next' })
    }
  })

  it('follow: refollow setting decides whether an unblock starts the flow', () => {
    const all = withTrigger('trigger.follow', { refollow: true })
    const firstOnly = withTrigger('trigger.follow', { refollow: false })
    expect(matches(all, { kind: 'follow', refollow: true })).toBe(true)
    expect(matches(firstOnly, { kind: 'follow', refollow: true })).toBe(false)
    expect(matches(firstOnly, { kind: 'follow', refollow: false })).toBe(true)
    expect(matches(all, { kind: 'message', text: 'hi' })).toBe(false)
  })

  it('tagAdded: matches only its tag; the tag is required', () => {
    const f = withTrigger('trigger.tagAdded', { tagId: 'vip' })
    expect(matches(f, { kind: 'tagAdded', tagId: 'vip' })).toBe(true)
    expect(matches(f, { kind: 'tagAdded', tagId: 'other' })).toBe(false)
    const bad = validateFlow(withTrigger('trigger.tagAdded', { tagId: '' }))
    expect(bad.errors).toContainEqual(
      expect.objectContaining({ nodeId: 't', code: 'invalidParams', path: 'tagId' }),
    )
  })

  it('keyword: exact and contains ignore width and case; regex runs as written', () => {
    const exact = withTrigger('trigger.keyword', { mode: 'exact', value: '予約' })
    expect(matches(exact, { kind: 'message', text: ' 予約 ' })).toBe(true)
    expect(matches(exact, { kind: 'message', text: '予約したい' })).toBe(false)
    const contains = withTrigger('trigger.keyword', { mode: 'contains', value: 'abc' })
    expect(matches(contains, { kind: 'message', text: 'xxＡＢＣyy' })).toBe(true)
    const regex = withTrigger('trigger.keyword', { mode: 'regex', value: '^クーポン[0-9]+$' })
    expect(matches(regex, { kind: 'message', text: 'クーポン12' })).toBe(true)
    expect(matches(regex, { kind: 'message', text: 'クーポン' })).toBe(false)
  })

  it('keyword: refuses invalid regular expressions and those RE2 cannot run, with the field path', () => {
    for (const value of ['(abc', '(?=a)b', '(?<=a)b', '(a)\\1']) {
      const result = validateFlow(withTrigger('trigger.keyword', { mode: 'regex', value }))
      expect(result.ok).toBe(false)
      const err = result.errors.find((x) => x.code === 'invalidParams')!
      expect(err).toMatchObject({ nodeId: 't', path: 'value' })
      expect(err.message.ja).toContain('正規表現')
    }
    expect(
      validateFlow(withTrigger('trigger.keyword', { mode: 'fuzzy', value: 'x' })).errors[0],
    ).toMatchObject({
      path: 'mode',
      code: 'invalidParams',
    })
  })

  it('postback: exact / prefix / contains', () => {
    const prefix = withTrigger('trigger.postback', { data: 'action=buy', match: 'prefix' })
    expect(matches(prefix, { kind: 'postback', data: 'action=buy&item=3' })).toBe(true)
    expect(matches(prefix, { kind: 'postback', data: 'x&action=buy' })).toBe(false)
    const exact = withTrigger('trigger.postback', { data: 'a' })
    expect(matches(exact, { kind: 'postback', data: 'a' })).toBe(true)
    expect(matches(exact, { kind: 'postback', data: 'ab' })).toBe(false)
  })

  it('manual, api and scenario triggers match their own event kinds', () => {
    const events: TriggerEvent[] = [
      { kind: 'manual' },
      { kind: 'api' },
      { kind: 'scenario', fromFlowId: 'f1' },
    ]
    expect(events.map((ev) => matches(withTrigger('trigger.manual', {}), ev))).toEqual([true, false, false])
    expect(events.map((ev) => matches(withTrigger('trigger.api', {}), ev))).toEqual([false, true, false])
    expect(events.map((ev) => matches(withTrigger('trigger.scenario', {}), ev))).toEqual([false, false, true])
    const onlyF2 = withTrigger('trigger.scenario', { fromFlowId: 'f2' })
    expect(matches(onlyF2, { kind: 'scenario', fromFlowId: 'f1' })).toBe(false)
    expect(matches(onlyF2, { kind: 'scenario', fromFlowId: 'f2' })).toBe(true)
  })

  it('re-entry: once vs allow, never while a run is active or when blocked', () => {
    const once = withTrigger('trigger.manual', {})
    const allow = flow(once.nodes, once.edges, { reentry: 'allow' })
    const fresh = simFriend(0)
    const done = simFriend(0, {
      history: { events: [], scenarios: [{ flowId: 'f', state: 'completed', startedAt: 0 }] },
    })
    const active = simFriend(0, {
      history: { events: [], scenarios: [{ flowId: 'f', state: 'active', startedAt: 0 }] },
    })
    expect(mayEnter(once, 'f', fresh)).toBe(true)
    expect(mayEnter(once, 'f', done)).toBe(false)
    expect(mayEnter(allow, 'f', done)).toBe(true)
    expect(mayEnter(allow, 'f', active)).toBe(false)
    expect(mayEnter(allow, 'f', simFriend(0, { blocked: true }))).toBe(false)
  })
})
