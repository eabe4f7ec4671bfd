import { describe, expect, it } from 'vitest'
import { validateFlow } from '../../flow/graph'
import { choosePath } from '../../flow/nodes/split/run'
import { spec } from '../../flow/nodes/split/spec'
import { portsOf } from '../../flow/spec'
import { seededRandom, simulateFlow } from '../../flow/sim'
import { e, flow, n, say } from './helpers'

const params = spec.params.parse({
  paths: [
    { id: 'a', label: 'A', weight: 1 },
    { id: 'b', label: 'B', weight: 3 },
  ],
})

const abFlow = flow(
  [
    n('t', 'trigger.manual'),
    n('s', 'split', params),
    n('ma', 'message', say('A案')),
    n('mb', 'message', say('B案')),
  ],
  [e('t', 's'), e('s', 'ma', 'a'), e('s', 'mb', 'b')],
)

describe('A/B split', () => {
  it('ports are the paths; none may end; summary shows shares', () => {
    expect(portsOf(spec, params).map((p) => [p.id, p.mayEnd])).toEqual([
      ['a', false],
      ['b', false],
    ])
    expect(spec.summary(params, 'ja')).toBe('A 25% / B 75%')
  })

  it('maps the random number onto consecutive weight slices', () => {
    expect(choosePath(params, 0)).toBe('a')
    expect(choosePath(params, 0.2499)).toBe('a')
    expect(choosePath(params, 0.25)).toBe('b')
    expect(choosePath(params, 0.9999)).toBe('b')
  })

  it('is deterministic for a seed and records the choice', async () => {
    const one = await simulateFlow(abFlow, { start: 0, seed: 'friend-42' })
    const two = await simulateFlow(abFlow, { start: 0, seed: 'friend-42' })
    expect(one.visited).toEqual(two.visited)
    const entry = one.trace.find((x) => x.event === 'split')!
    expect(entry.data).toMatchObject({
      port: one.visited[2] === 'ma' ? 'a' : 'b',
      random: expect.any(Number),
    })
  })

  it('follows the weights over many friends (seeded)', async () => {
    const random = seededRandom(2025)
    const counts = { a: 0, b: 0 } as Record<string, number>
    for (let i = 0; i < 4000; i++) counts[choosePath(params, random())]!++
    expect(counts.a! / 4000).toBeGreaterThan(0.22)
    expect(counts.a! / 4000).toBeLessThan(0.28)
    // And through the whole interpreter with different seeds.
    let b = 0
    for (let i = 0; i < 200; i++) {
      const r = await simulateFlow(abFlow, { start: 0, seed: i })
      if (r.sends[0]?.nodeId === 'mb') b++
    }
    expect(b).toBeGreaterThan(120)
    expect(b).toBeLessThan(180)
  })

  it('refuses weights ≤ 0, fewer than two paths, duplicate IDs', () => {
    /** The first params problem of an A/B node with these [id, weight] paths. */
    const first = (...paths: [string, number][]) => {
      const split = n('s', 'split', { paths: paths.map(([id, weight]) => ({ id, weight })) })
      return validateFlow(flow([n('t', 'trigger.manual'), split], [e('t', 's')])).errors.find(
        (x) => x.code === 'invalidParams',
      )
    }
    expect(first(['a', 0], ['b', 1])).toMatchObject({ path: 'paths.0.weight' })
    expect(first(['a', -1], ['b', 1])!.message.ja).toContain('0より大きく')
    expect(first(['a', 1])).toMatchObject({ path: 'paths' })
    expect(first(['a', 1], ['a', 1])).toMatchObject({ path: 'paths.1.id' })
  })
})
