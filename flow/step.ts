import type { z } from 'zod'
import type { EndReason, EventMatcher, FlowContext, FriendEvent } from './context'
import type { NodeSpec } from './spec'

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

export interface NodeRunner {
  type: string
  version: number
  /** Parses the params with the spec's schema and runs the step. */
  run(params: unknown, env: StepEnv): Promise<StepResult>
}

export function defineRun<S extends z.ZodType>(spec: NodeSpec<S>, run: StepRun<z.output<S>>): NodeRunner {
  return {
    type: spec.type,
    version: spec.version,
    async run(params, env) {
      const parsed = spec.params.safeParse(params)
      if (!parsed.success) {
        return {
          end: 'error',
          data: { error: 'invalidParams', issues: parsed.error.issues.map((i) => i.message) },
        }
      }
      return run(parsed.data, env)
    },
  }
}

/** How a step ends when the context reports an interruption (the friend blocked, or the run was stopped). */
export function interrupted(env: StepEnv): StepResult {
  const why = env.ctx.interruption()
  const end = why?.reason ?? 'stopped'
  return why?.detail ? { end, data: { interruption: why.detail } } : { end }
}
