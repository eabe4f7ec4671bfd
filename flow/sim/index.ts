import { normalizeFlow } from '../graph'
import { runFlow, type RunEnd } from '../interpreter'
import type { FriendSnapshot, TraceEntry } from '../context'
import type { TriggerEvent } from '../triggers'
import { SimContext, type SimAction, type SimContextOptions, type SimSend } from './context'

export {
  SimContext,
  simFriend,
  type SimEvent,
  type SimSend,
  type SimAction,
  type SimContextOptions,
} from './context'
export { seededRandom } from './random'

export interface SimulateOptions extends SimContextOptions {
  /** Node steps before giving up (a loop that never ends). Default 10,000. */
  maxSteps?: number
  /** What started the run (shown in the trace). */
  trigger?: TriggerEvent
}

export interface SimulationResult {
  sends: SimSend[]
  actions: SimAction[]
  trace: TraceEntry[]
  endedWith: RunEnd
  /** Node IDs in the order the friend passed them. */
  visited: string[]
  /** The friend at the end (tags and fields changed by the flow and the scripted events). */
  friend: FriendSnapshot
}

/**
 * Plays a flow for one simulated friend on a virtual clock: a 30-day scenario takes milliseconds.
 * Used by the studio's time-travel preview and by tests. Pure: no I/O, no real time.
 */
export async function simulateFlow(def: unknown, options: SimulateOptions): Promise<SimulationResult> {
  const ctx = new SimContext(options)
  let endedWith: RunEnd
  let visited: string[] = []
  const checked = normalizeFlow(def)
  if (!checked.ok || !checked.flow) {
    endedWith = {
      reason: 'error',
      at: ctx.now(),
      detail: { error: 'invalidFlow', problems: checked.errors.map((e) => e.code) },
    }
    return { sends: [], actions: [], trace: ctx.entries, endedWith, visited, friend: ctx.live }
  }
  try {
    const result = await runFlow(checked.flow, ctx, {
      ...(options.flowId ? { flowId: options.flowId } : {}),
      ...(options.maxSteps ? { maxSteps: options.maxSteps } : {}),
      ...(options.trigger ? { trigger: options.trigger } : {}),
    })
    visited = result.visited
    endedWith =
      result.status === 'ended'
        ? result.endedWith
        : { reason: 'error', at: ctx.now(), detail: { error: 'suspended' } }
  } catch (err) {
    endedWith = {
      reason: 'error',
      at: ctx.now(),
      detail: { error: err instanceof Error ? err.message : String(err) },
    }
  }
  return { sends: ctx.sends, actions: ctx.actions, trace: ctx.entries, endedWith, visited, friend: ctx.live }
}
