import { defineRun } from '../../step'
import { triggerStep } from '../trigger'
import { spec } from './spec'

export const run = defineRun(spec, triggerStep)
