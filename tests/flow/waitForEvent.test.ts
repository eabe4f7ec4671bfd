import { describe, expect, it } from 'vitest'
import { validateFlow } from '../../flow/graph'
import { spec } from '../../flow/nodes/waitForEvent/spec'
import { portsOf } from '../../flow/spec'
import { DAY, HOUR, MINUTE } from '../../flow/time'
import type { SimEvent } from '../../flow/sim'
import { e, flow, n, runner, stepEnv } from './helpers'

const run = runner('waitForEvent')
const start = 1_700_000_000_000

async function wait(params: unknown, events: SimEvent[]) {
  const { ctx, env } = stepEnv({ start, events }, 'w')
  const result = await run.run(params, env)
  return { result, elapsed: ctx.now() - start, ctx }
}

describe('waitForEvent node', () => {
  it('has ports happened (must connect) and timedOut (may end), and always takes time', () => {
    expect(portsOf(spec, spec.defaults).map((p) => [p.id, p.mayEnd])).toEqual([
      ['happened', false],
      ['timedOut', true],
    ])
    expect(spec.advancesTime?.(spec.params.parse(spec.defaults))).toBe(true)
    expect(
      spec.summary(
        spec.params.parse({
          event: { kind: 'reply', match: { mode: 'exact', value: 'はい' } },
          timeout: { days: 2 },
        }),
        'ja',
      ),
    ).toBe('「はい」の返信を最大2日待つ')
  })

  it('any reply: happens at the reply time, with the event recorded', async () => {
    const r = await wait({ event: { kind: 'reply' }, timeout: { days: 3 } }, [
      { after: { days: 2 }, kind: 'reply', text: 'はい' },
    ])
    expect(r.result).toMatchObject({ port: 'happened', data: { received: { kind: 'reply', text: 'はい' } } })
    expect(r.elapsed).toBe(2 * DAY)
    expect(r.ctx.entries.map((x) => x.event)).toEqual(['wait', 'event.received'])
  })

  it('matching reply: ignores replies that do not match, times out at the deadline', async () => {
    const params = {
      event: { kind: 'reply', match: { mode: 'exact', value: 'はい' } },
      timeout: { hours: 12 },
    }
    const r = await wait(params, [
      { after: { hours: 1 }, kind: 'reply', text: 'いいえ' },
      { after: { hours: 13 }, kind: 'reply', text: 'はい' },
    ])
    expect(r.result).toMatchObject({ port: 'timedOut' })
    expect(r.elapsed).toBe(12 * HOUR)
    const regex = await wait(
      { event: { kind: 'reply', match: { mode: 'regex', value: '^[0-9]{3}$' } }, timeout: { hours: 1 } },
      [
        { after: { minutes: 5 }, kind: 'reply', text: '12' },
        { after: { minutes: 10 }, kind: 'reply', text: '123' },
      ],
    )
    expect(regex.result).toMatchObject({ port: 'happened' })
    expect(regex.elapsed).toBe(10 * MINUTE)
  })

  it('postback data and tag added', async () => {
    const pb = await wait(
      { event: { kind: 'postback', data: 'answer=', match: 'prefix' }, timeout: { days: 1 } },
      [
        { after: { hours: 1 }, kind: 'postback', data: 'other=1' },
        { after: { hours: 2 }, kind: 'postback', data: 'answer=yes' },
      ],
    )
    expect(pb.result).toMatchObject({ port: 'happened', data: { received: { data: 'answer=yes' } } })
    const tag = await wait({ event: { kind: 'tagAdded', tagId: 'purchased' }, timeout: { days: 7 } }, [
      { after: { hours: 1 }, kind: 'tagAdded', tagId: 'other' },
      { after: { days: 3 }, kind: 'tagAdded', tagId: 'purchased' },
    ])
    expect(tag.result).toMatchObject({ port: 'happened' })
    expect(tag.elapsed).toBe(3 * DAY)
  })

  it('a reply before the wait started does not count', async () => {
    const { ctx, env } = stepEnv(
      { start, events: [{ after: { minutes: 1 }, kind: 'reply', text: 'はい' }] },
      'w',
    )
    await ctx.sleepUntil(start + 2 * MINUTE)
    const result = await run.run({ event: { kind: 'reply' }, timeout: { minutes: 30 } }, env)
    expect(result).toMatchObject({ port: 'timedOut' })
  })

  it('ends as blocked when the friend blocks while waiting', async () => {
    const r = await wait({ event: { kind: 'reply' }, timeout: { days: 3 } }, [
      { after: { days: 1 }, kind: 'block' },
    ])
    expect(r.result).toEqual({ end: 'blocked' })
    expect(r.elapsed).toBe(DAY)
  })

  it('refuses a missing timeout, bad regex and unknown tags', () => {
    const errs = (params: unknown, ctx = {}) =>
      validateFlow(
        flow(
          [n('t', 'trigger.manual'), n('w', 'waitForEvent', params), n('z', 'end')],
          [e('t', 'w'), e('w', 'z', 'happened')],
        ),
        ctx,
      ).errors
    expect(errs({ event: { kind: 'reply' } })[0]).toMatchObject({ path: 'timeout', code: 'invalidParams' })
    expect(
      errs({ event: { kind: 'reply', match: { mode: 'regex', value: '[' } }, timeout: { days: 1 } })[0],
    ).toMatchObject({
      path: 'event.match.value',
    })
    expect(
      errs({ event: { kind: 'tagAdded', tagId: 'ghost' }, timeout: { days: 1 } }, { tagIds: ['vip'] })[0],
    ).toMatchObject({
      code: 'unknownTag',
      path: 'event.tagId',
    })
  })
})
