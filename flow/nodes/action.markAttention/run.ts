import { defineRun } from '../../step'
import { applyStep } from '../action'
import type { spec } from './spec'

export const run = defineRun<typeof spec>({ type: 'action.markAttention', version: 1 }, (p, env) =>
  applyStep(env, [{ kind: 'markAttention', note: p.note || null }]),
)
