import { textMatches } from '../../match'
import { defineRun } from '../../step'
import { triggerStep } from '../trigger'
import type { spec } from './spec'

export const run = defineRun<typeof spec>(
  { type: 'trigger.keyword', version: 1 },
  triggerStep,
  (p, e) => e.kind === 'message' && textMatches(p, e.text),
)
