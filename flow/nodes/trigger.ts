import { nextPort } from '../spec'
import type { StepRun } from '../step'

/** Every trigger leaves through `next`, which must be connected (a trigger alone does nothing). */
export const triggerPorts = () => [nextPort(false)]

/** The step of every trigger: the run starts here, nothing to do but go on. */
export const triggerStep: StepRun<unknown> = async () => ({ port: 'next' })
