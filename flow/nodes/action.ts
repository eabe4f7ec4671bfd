import type { FlowAction } from '../context'
import { nextPort } from '../spec'
import type { StepEnv, StepResult } from '../step'

/** Action nodes go on through `next`; ending after an action is common, so it may stay unconnected. */
export const actionPorts = () => [nextPort(true)]

/** Applies the actions through the context; a refused action ends the run with `error`. */
export async function applyStep(env: StepEnv, actions: FlowAction[]): Promise<StepResult> {
  const result = await env.ctx.applyActions(env.nodeId, actions)
  env.ctx.trace({
    at: env.ctx.now(),
    event: 'actions',
    nodeId: env.nodeId,
    data: { actions, ok: result.ok, error: result.error },
  })
  if (!result.ok) return { end: 'error', data: { error: result.error ?? 'action failed' } }
  return { port: 'next' }
}
