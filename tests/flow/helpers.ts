import { normalizeFlow, type FlowDefinition, type FlowEdge, type FlowNode } from '../../flow/graph'
import { findSpec } from '../../flow/registry'
import { findRunner } from '../../flow/runners'
import { SimContext, type SimContextOptions } from '../../flow/sim'
import type { StepEnv } from '../../flow/step'
import { zonedEpoch } from '../../flow/time'

/** Builds flows tersely: `n('m1', 'message', {...})`, `e('t', 'm1')`. */
export function n(id: string, type: string, params: unknown = {}, version = 1): FlowNode {
  return { id, type, version, params, position: { x: 0, y: 0 } }
}

export function e(
  source: string,
  target: string,
  sourcePort = 'next',
  id = `${source}-${sourcePort}-${target}`,
): FlowEdge {
  return { id, source, sourcePort, target }
}

export function flow(
  nodes: FlowNode[],
  edges: FlowEdge[],
  settings: Partial<FlowDefinition['settings']> = {},
): FlowDefinition {
  return { nodes, edges, settings: { reentry: 'once', ...settings } }
}

export const text = (t: string) => ({ type: 'text' as const, text: t })
export const say = (t: string) => ({ messages: [text(t)] })

/** Epoch ms of a wall-clock time in a zone: `at('2025-03-01 10:00')`. */
export function at(local: string, timeZone = 'Asia/Tokyo'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local)
  if (!m) throw new Error(`bad time ${local}`)
  return zonedEpoch(
    { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: m[6] ? +m[6] : 0 },
    timeZone,
  )
}

/** A step environment over a SimContext, for calling a node's run step directly. */
export function stepEnv(
  options: Partial<SimContextOptions> & { start: number },
  nodeId = 'n1',
  timezone = 'Asia/Tokyo',
) {
  const ctx = new SimContext(options)
  const env: StepEnv = {
    ctx,
    nodeId,
    timezone,
    flowId: options.flowId,
    sleepUntil: (t) => ctx.sleepUntil(t),
    waitForEvent: (m, d) => ctx.waitForEvent(m, d),
  }
  return { ctx, env }
}

/** A node's run step called as runs call it: with its params parsed by the node's spec. */
export function runner(type: string, version = 1) {
  const spec = findSpec(type, version)!
  const step = findRunner(type, version)!
  return { run: (params: unknown, env: StepEnv) => step.run(spec.params.parse(params), env) }
}

/** A flow as runs get it (normalized), for calling the interpreter or trigger matching directly. */
export function runnable(def: FlowDefinition): FlowDefinition {
  const checked = normalizeFlow(def)
  if (!checked.ok || !checked.flow) throw new Error(checked.errors.map((e) => e.code).join(', '))
  return checked.flow
}
