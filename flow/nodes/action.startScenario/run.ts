import { defineRun } from '../../step'
import { applyStep } from '../action'
import { spec } from './spec'

export const run = defineRun(spec, (p, env) => applyStep(env, [{ kind: 'startScenario', flowId: p.flowId }]))
