import { dataMatches } from '../../match'
import { defineRun } from '../../step'
import { triggerStep } from '../trigger'
import type { spec } from './spec'

export const run = defineRun<typeof spec>(
  { type: 'trigger.postback', version: 1 },
  triggerStep,
  (p, e) => e.kind === 'postback' && dataMatches(p.match, p.data, e.data),
)
