import { defineRun } from '../../step'
import { applyStep } from '../action'
import type { spec } from './spec'

export const run = defineRun<typeof spec>({ type: 'action.stopScenario', version: 1 }, async (p, env) => {
  if (p.target === 'this') return { end: 'stopped', data: { by: env.nodeId } }
  return applyStep(env, [{ kind: 'stopScenario', flowId: p.flowId }])
})
