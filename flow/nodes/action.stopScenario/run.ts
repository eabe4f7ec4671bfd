import { defineRun } from '../../step'
import { applyStep } from '../action'
import { spec } from './spec'

export const run = defineRun(spec, async (p, env) => {
  if (p.target === 'this') return { end: 'stopped', data: { by: env.nodeId } }
  return applyStep(env, [{ kind: 'stopScenario', flowId: p.flowId }])
})
