import { defineRun } from '../../step'
import { triggerStep } from '../trigger'
import type { spec } from './spec'

export const run = defineRun<typeof spec>(
  { type: 'trigger.scenario', version: 1 },
  triggerStep,
  (p, e) => e.kind === 'scenario' && (!p.fromFlowId || p.fromFlowId === e.fromFlowId),
)
