import { defineRun } from '../../step'
import { applyStep } from '../action'
import type { spec } from './spec'

export const run = defineRun<typeof spec>({ type: 'action.tags', version: 1 }, (p, env) =>
  applyStep(env, [{ kind: 'tags', add: p.add, remove: p.remove }]),
)
