import { defineRun } from '../../step'
import type { spec, SplitParams } from './spec'

/** The path for a random number r in [0, 1): paths own consecutive slices of [0, total weight). */
export function choosePath(p: SplitParams, r: number): string {
  const total = p.paths.reduce((s, x) => s + x.weight, 0)
  let point = r * total
  for (const path of p.paths) {
    if (point < path.weight) return path.id
    point -= path.weight
  }
  return p.paths[p.paths.length - 1]?.id ?? ''
}

export const run = defineRun<typeof spec>({ type: 'split', version: 1 }, async (p, env) => {
  const random = env.ctx.random()
  const port = choosePath(p, random)
  env.ctx.trace({ at: env.ctx.now(), event: 'split', nodeId: env.nodeId, data: { random, port } })
  return { port, data: { random } }
})
