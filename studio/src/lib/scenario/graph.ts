import type { Edge, Node } from '@xyflow/svelte'
import { findSpec, latestSpec } from '$flow/registry'
import { portsOf, type FieldHint, type NodeSpec } from '$flow/spec'
import type { FlowDefinitionInput, FlowEdge, FlowNode } from '$flow/graph'

/**
 * The editor's canvas is @xyflow/svelte nodes and edges; the saved draft is a `FlowDefinition`.
 * Everything the flow needs lives in `data` (type, version, params) and the position; the rest
 * (selection, measured size) is the canvas's own and never saved.
 */

export interface StepData extends Record<string, unknown> {
  type: string
  version: number
  params: unknown
}

export type StepNode = Node<StepData, 'step'>
export type StepEdge = Edge

/** IDs the graph schema accepts (`[A-Za-z0-9_-]{1,64}`), short and random. */
export function newId(prefix: 'n' | 'e'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6))
  return prefix + Array.from(bytes, (b) => b.toString(36).padStart(2, '0')).join('')
}

export function specOf(data: StepData): NodeSpec | undefined {
  return findSpec(data.type, data.version)
}

export function hasInput(spec: NodeSpec | undefined): boolean {
  return spec?.category !== 'trigger'
}

export function toCanvas(def: FlowDefinitionInput): { nodes: StepNode[]; edges: StepEdge[] } {
  return {
    nodes: def.nodes.map((n) => ({
      id: n.id,
      type: 'step',
      position: { x: n.position.x, y: n.position.y },
      data: { type: n.type, version: n.version, params: n.params },
    })),
    edges: def.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourcePort,
      target: e.target,
    })),
  }
}

export function fromCanvas(
  nodes: readonly StepNode[],
  edges: readonly StepEdge[],
  settings: FlowDefinitionInput['settings'],
): FlowDefinitionInput {
  const flowNodes: FlowNode[] = nodes.map((n) => ({
    id: n.id,
    type: n.data.type,
    version: n.data.version,
    params: n.data.params,
    position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
  }))
  const flowEdges: FlowEdge[] = edges.map((e) => ({
    id: e.id,
    source: e.source,
    sourcePort: e.sourceHandle ?? 'next',
    target: e.target,
  }))
  return settings === undefined
    ? { nodes: flowNodes, edges: flowEdges }
    : { nodes: flowNodes, edges: flowEdges, settings }
}

export function newStep(type: string, position: { x: number; y: number }): StepNode | undefined {
  const spec = latestSpec(type)
  if (!spec) return undefined
  return {
    id: newId('n'),
    type: 'step',
    position,
    selected: true,
    data: { type: spec.type, version: spec.version, params: structuredClone(spec.defaults) },
  }
}

/** Can `source`'s port `port` be connected to `target`? (no self-loops, one edge per port, targets with an input) */
export function canConnect(
  nodes: readonly StepNode[],
  edges: readonly StepEdge[],
  c: { source: string; target: string; sourceHandle?: string | null },
): boolean {
  if (c.source === c.target) return false
  const target = nodes.find((n) => n.id === c.target)
  if (!target || !hasInput(specOf(target.data))) return false
  const port = c.sourceHandle ?? 'next'
  return !edges.some((e) => e.source === c.source && (e.sourceHandle ?? 'next') === port)
}

/** Edges whose port no longer exists (a branch removed in the inspector) are dropped. */
export function pruneEdges(nodes: readonly StepNode[], edges: readonly StepEdge[]): StepEdge[] {
  const ports = new Map<string, Set<string>>()
  for (const n of nodes) {
    const spec = specOf(n.data)
    ports.set(n.id, new Set(spec ? portsOf(spec, n.data.params).map((p) => p.id) : []))
  }
  return edges.filter(
    (e) => ports.get(e.source)?.has(e.sourceHandle ?? 'next') === true && ports.has(e.target),
  )
}

/** Layered left → right by BFS depth from the roots (triggers, then anything without inputs). */
export function autoLayout(nodes: readonly StepNode[], edges: readonly StepEdge[]): StepNode[] {
  const out = new Map<string, string[]>()
  const indeg = new Map<string, number>(nodes.map((n) => [n.id, 0]))
  for (const e of edges) {
    out.set(e.source, [...(out.get(e.source) ?? []), e.target])
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1)
  }
  const roots = [
    ...nodes.filter((n) => specOf(n.data)?.category === 'trigger'),
    ...nodes.filter((n) => specOf(n.data)?.category !== 'trigger' && (indeg.get(n.id) ?? 0) === 0),
  ].map((n) => n.id)
  const depth = new Map<string, number>()
  const order: string[] = []
  const queue = [...roots]
  for (const r of roots) depth.set(r, 0)
  while (queue.length) {
    const id = queue.shift()!
    order.push(id)
    for (const t of out.get(id) ?? []) {
      if (!depth.has(t)) {
        depth.set(t, (depth.get(id) ?? 0) + 1)
        queue.push(t)
      }
    }
  }
  for (const n of nodes) {
    if (depth.has(n.id)) continue
    depth.set(n.id, 0)
    order.push(n.id)
  }
  const rows = new Map<number, number>()
  const pos = new Map<string, { x: number; y: number }>()
  for (const id of order) {
    const d = depth.get(id) ?? 0
    const row = rows.get(d) ?? 0
    rows.set(d, row + 1)
    pos.set(id, { x: d * 320, y: row * 170 })
  }
  return nodes.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position }))
}

// ── params paths (dotted, numbers index arrays) ──────────────────────────────

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[key]
  }
  return cur
}

export function setPath(obj: unknown, path: string, value: unknown): unknown {
  const [key, ...rest] = path.split('.') as [string, ...string[]]
  const base: Record<string, unknown> | unknown[] =
    obj !== null && typeof obj === 'object'
      ? Array.isArray(obj)
        ? [...obj]
        : { ...(obj as Record<string, unknown>) }
      : /^\d+$/.test(key)
        ? []
        : {}
  const next = rest.length ? setPath((base as Record<string, unknown>)[key], rest.join('.'), value) : value
  if (next === undefined && !Array.isArray(base)) delete (base as Record<string, unknown>)[key]
  else (base as Record<string, unknown>)[key] = next
  return base
}

export function isShown(hint: FieldHint, params: unknown): boolean {
  if (!hint.showIf) return true
  return hint.showIf.in.includes(getPath(params, hint.showIf.path) as string | number | boolean)
}

/** Drops params of fields hidden by `showIf` (a wait's duration once its mode is a time of day). */
export function pruneHidden(spec: NodeSpec, params: unknown): unknown {
  let out = params
  const visible = new Set(spec.fields.filter((h) => isShown(h, params)).map((h) => h.path))
  for (const h of spec.fields) {
    if (!visible.has(h.path) && getPath(out, h.path) !== undefined) out = setPath(out, h.path, undefined)
  }
  return out
}
