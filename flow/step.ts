import type { z } from 'zod'
import type { EndReason, EventMatcher, FlowContext, FriendEvent } from './context'
import type { NodeSpec } from './spec'
import type { TriggerEvent } from './triggers'

/** What a `run.ts` step gets: the context plus the node and the run's resolved settings. */
export interface StepEnv {
  ctx: FlowContext
  nodeId: string
  /** The run's time zone: flow setting, else channel setting, else Asia/Tokyo. */
  timezone: string
  flowId?: string
  /** `ctx.sleepUntil`, telling the interpreter the friend snapshot is stale afterwards. */
  sleepUntil(at: number): Promise<void>
  /** `ctx.waitForEvent`, telling the interpreter the friend snapshot is stale afterwards. */
  waitForEvent(matcher: EventMatcher, deadline: number): Promise<FriendEvent | null>
}

export type TraceData = Record<string, unknown>

/** A step either leaves through a port or ends the run. */
export type StepResult = { port: string; data?: TraceData } | { end: EndReason; data?: TraceData }

export type StepRun<P> = (params: P, env: StepEnv) => Promise<StepResult>

/** The params a node spec's schema puts out. */
export type ParamsOf<S extends NodeSpec> = z.output<S['params']>

export interface NodeRunner {
  type: string
  version: number
  /**
   * Runs the step. Params arrive parsed (runs get flows through `normalizeFlow`): the runtime never
   * loads a schema, which keeps zod out of Temporal's workflow sandbox.
   */
  run(params: unknown, env: StepEnv): Promise<StepResult>
  /** Triggers only: does this event start the flow? */
  triggerMatches?(params: unknown, event: TriggerEvent): boolean
}

/** A node's step, named by the type and version of its spec (imported as a type only). */
export function defineRun<S extends NodeSpec>(
  node: { type: string; version: number },
  run: StepRun<ParamsOf<S>>,
  triggerMatches?: (params: ParamsOf<S>, event: TriggerEvent) => boolean,
): NodeRunner {
  return {
    ...node,
    run: (params, env) => run(params as ParamsOf<S>, env),
    ...(triggerMatches
      ? {
          triggerMatches: (params: unknown, event: TriggerEvent) =>
            triggerMatches(params as ParamsOf<S>, event),
        }
      : {}),
  }
}

/** How a step ends when the context reports an interruption (the friend blocked, or the run was stopped). */
export function interrupted(env: StepEnv): StepResult {
  const why = env.ctx.interruption()
  const end = why?.reason ?? 'stopped'
  return why?.detail ? { end, data: { interruption: why.detail } } : { end }
}
