import { defineRun } from '../../step'
import { triggerStep } from '../trigger'
import type { spec } from './spec'

export const run = defineRun<typeof spec>(
  { type: 'trigger.follow', version: 1 },
  triggerStep,
  (p, e) => e.kind === 'follow' && (p.refollow || !e.refollow),
)
