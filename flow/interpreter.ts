import type { EndReason, FlowContext, Interruption } from './context'
import { indexFlow } from './flowIndex'
import type { FlowDefinition } from './graph'
import { findRunner } from './runners'
import type { StepEnv, StepResult } from './step'
import type { TriggerEvent } from './triggers'
import { defaultTimeZone, isValidTimeZone } from './time'

/**
 * Walks a published flow for one friend, from its trigger (or `resumeAt`), one node step at a time.
 * Replay-safe: every side effect and every source of time or randomness goes through `ctx`, the
 * only state is in local variables, and the walk depends only on the flow, the options and what
 * `ctx` returns. A Temporal workflow can therefore run it directly, and so can the simulator.
 */

export interface RunOptions {
  /** The flow's ID (the history written by clicks/postbacks names it; `branch` uses it). */
  flowId?: string
  /** What started the run (recorded in the trace). */
  trigger?: TriggerEvent
  /** Continue from this node instead of the trigger (after continue-as-new). */
  resumeAt?: string
  /**
   * Steps to take in this call. Past it the run is `suspended` with the node to resume at, so a
   * Temporal workflow can continue-as-new before its history grows too large. Default: 10,000, and
   * then the run ends with `error` (`stepLimit`) instead.
   */
  maxSteps?: number
  /** Suspend (instead of failing) when `maxSteps` is reached. */
  suspendAtMaxSteps?: boolean
}

export interface RunEnd {
  reason: EndReason
  at: number
  /** The node where it ended. */
  nodeId?: string
  goal?: { name: string; value?: number }
  detail?: Record<string, unknown>
}

/**
 * `suspended`: the walk stopped at `resumeAt` without ending, either at `maxSteps` (`resumeAt` not yet
 * entered) or because the run was `migrated` while it waited there (`resumeAt` is the waiting node).
 */
export type RunResult =
  | { status: 'ended'; endedWith: RunEnd; steps: number; visited: string[] }
  | { status: 'suspended'; resumeAt: string; steps: number; visited: string[] }

export const defaultMaxSteps = 10_000

/**
 * `def` is a published flow as runs get it: normalized (`normalizeFlow`), so valid and with parsed
 * params. The friend snapshot is reloaded before the next step after anything that waited.
 */
export async function runFlow(
  def: FlowDefinition,
  ctx: FlowContext,
  options: RunOptions = {},
): Promise<RunResult> {
  const visited: string[] = []
  let steps = 0
  const finish = (reason: EndReason, nodeId?: string, data?: Record<string, unknown>): RunResult => {
    const { goal, ...detail } = data ?? {}
    const endedWith: RunEnd = {
      reason,
      at: ctx.now(),
      ...(nodeId ? { nodeId } : {}),
      ...(goal ? { goal: goal as RunEnd['goal'] } : {}),
      ...(Object.keys(detail).length ? { detail } : {}),
    }
    ctx.trace({ at: endedWith.at, event: 'run.end', nodeId, data: { ...endedWith } })
    return { status: 'ended', endedWith, steps, visited }
  }
  /** Ends the run for an interruption, or suspends it at `nodeId` when it is moved to another version. */
  const interrupted = (why: Interruption, nodeId: string): RunResult =>
    why.reason === 'migrated'
      ? { status: 'suspended', resumeAt: nodeId, steps, visited }
      : finish(why.reason, nodeId, why.detail ? { interruption: why.detail } : undefined)

  const index = indexFlow(def)
  if (!index) return finish('error', undefined, { error: 'invalidFlow', problems: ['noTrigger'] })
  const timezone = index.flow.settings.timezone ?? ctx.channel.timezone ?? defaultTimeZone
  if (!isValidTimeZone(timezone)) return finish('error', undefined, { error: 'invalidTimezone', timezone })

  let stale = true
  const envFor = (nodeId: string): StepEnv => ({
    ctx,
    nodeId,
    timezone,
    ...(options.flowId ? { flowId: options.flowId } : {}),
    async sleepUntil(at) {
      stale = true
      await ctx.sleepUntil(at)
    },
    async waitForEvent(matcher, deadline) {
      stale = true
      return ctx.waitForEvent(matcher, deadline)
    },
  })

  let current = options.resumeAt ?? index.trigger.id
  if (!index.node(current))
    return finish('error', undefined, { error: 'unknownResumeNode', resumeAt: current })
  ctx.trace({
    at: ctx.now(),
    event: 'run.start',
    nodeId: current,
    data: {
      timezone,
      ...(options.trigger ? { trigger: options.trigger } : {}),
      ...(options.resumeAt ? { resumed: true } : {}),
    },
  })

  const maxSteps = options.maxSteps ?? defaultMaxSteps
  for (;;) {
    if (steps >= maxSteps) {
      if (options.suspendAtMaxSteps) return { status: 'suspended', resumeAt: current, steps, visited }
      return finish('error', current, { error: 'stepLimit', maxSteps })
    }
    const before = ctx.interruption()
    if (before) return interrupted(before, current)
    if (stale) {
      const friend = await ctx.refreshFriend()
      stale = false
      if (friend.blocked) return finish('blocked', current)
      const during = ctx.interruption()
      if (during) return interrupted(during, current)
    }

    const node = index.node(current)
    const runner = node && findRunner(node.type, node.version)
    if (!node || !runner) return finish('error', current, { error: 'unknownNode' })

    steps++
    visited.push(node.id)
    ctx.trace({
      at: ctx.now(),
      event: 'node.enter',
      nodeId: node.id,
      data: { type: node.type, version: node.version },
    })
    const result: StepResult = await runner.run(node.params ?? {}, envFor(node.id))

    const after = ctx.interruption()
    if (after) return interrupted(after, node.id)
    if ('end' in result) return finish(result.end, node.id, result.data)

    ctx.trace({
      at: ctx.now(),
      event: 'node.exit',
      nodeId: node.id,
      data: { port: result.port, ...result.data },
    })
    const target = index.target(node.id, result.port)
    // An unconnected port is one that may end (validation refuses the others): the journey is complete.
    if (target === undefined) return finish('completed', node.id, { port: result.port })
    current = target
  }
}
