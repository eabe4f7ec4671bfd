import { defineRun } from '../../step'
import { triggerStep } from '../trigger'
import type { spec } from './spec'

export const run = defineRun<typeof spec>(
  { type: 'trigger.api', version: 1 },
  triggerStep,
  (_p, e) => e.kind === 'api',
)
