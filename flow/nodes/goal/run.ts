import { defineRun } from '../../step'
import type { spec } from './spec'

/** The conversion is part of the run's result: the workflow records it with the run's end. */
export const run = defineRun<typeof spec>({ type: 'goal', version: 1 }, async (p, env) => {
  const goal = { name: p.name, ...(p.value !== undefined ? { value: p.value } : {}) }
  env.ctx.trace({ at: env.ctx.now(), event: 'goal', nodeId: env.nodeId, data: goal })
  return { end: 'goal', data: { goal } }
})
