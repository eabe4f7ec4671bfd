import { evaluateCondition, type Fact } from '../../conditionEval'
import { defineRun } from '../../step'
import type { spec } from './spec'

export const run = defineRun<typeof spec>({ type: 'branch', version: 1 }, async (p, env) => {
  const { ctx } = env
  const evalEnv = { friend: ctx.friend(), now: ctx.now(), timezone: env.timezone, flowId: env.flowId }
  const checked: { branch: string; result: boolean; facts: Fact[] }[] = []
  let port = 'else'
  for (const [i, b] of p.branches.entries()) {
    const { result, facts } = evaluateCondition(b.when, evalEnv, `branches.${i}.when`)
    checked.push({ branch: b.id, result, facts })
    if (result) {
      port = b.id
      break
    }
  }
  ctx.trace({ at: ctx.now(), event: 'decision', nodeId: env.nodeId, data: { port, checked } })
  return { port, data: { checked } }
})
