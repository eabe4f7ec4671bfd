import type { FlowDefinition, FlowNode } from './graph'

/** Trigger node types are named `trigger.<kind>` (the registry test holds every spec to it). */
export function isTriggerType(type: string): boolean {
  return type.startsWith('trigger.')
}

/** A valid flow indexed for the interpreter. */
export interface FlowIndex {
  flow: FlowDefinition
  trigger: FlowNode
  node(id: string): FlowNode | undefined
  /** Where a port leads, or undefined when the journey ends there. */
  target(nodeId: string, port: string): string | undefined
}

export function indexFlow(flow: FlowDefinition): FlowIndex | undefined {
  const nodes = new Map(flow.nodes.map((n) => [n.id, n]))
  const edges = new Map(flow.edges.map((e) => [`${e.source}\u0000${e.sourcePort}`, e.target]))
  const trigger = flow.nodes.find((n) => isTriggerType(n.type))
  if (!trigger) return undefined
  return {
    flow,
    trigger,
    node: (id) => nodes.get(id),
    target: (nodeId, port) => edges.get(`${nodeId}\u0000${port}`),
  }
}
