import { z } from 'zod'
import type { Text } from './i18n'
import { describeIssue, pathString } from './issues'
import { findSpec, specVersions } from './registry'
import { portsOf, type NodeSpec, type PortSpec, type ValidationContext } from './spec'
import { isValidTimeZone } from './time'

/**
 * A flow definition (the studio's canvas, saved as a draft and published as an immutable version)
 * and the rules a flow must satisfy before it can be published and run.
 */

export const nodeIdPattern = /^[A-Za-z0-9_-]{1,64}$/

export const flowNodeSchema = z.strictObject({
  id: z.string().regex(nodeIdPattern),
  type: z.string().min(1).max(64),
  version: z.number().int().min(1),
  /** Checked against the node type's own schema by `validateFlow`. */
  params: z.unknown(),
  position: z.strictObject({ x: z.number().finite(), y: z.number().finite() }),
})

export const flowEdgeSchema = z.strictObject({
  id: z.string().regex(nodeIdPattern),
  source: z.string().min(1).max(64),
  sourcePort: z.string().min(1).max(64),
  target: z.string().min(1).max(64),
})

export const flowSettingsSchema = z.strictObject({
  /** `once`: a friend enters this scenario at most once; `allow`: again after a run has ended. */
  reentry: z.enum(['once', 'allow']).default('once'),
  /** IANA zone for this scenario's times; default: the channel's (Asia/Tokyo unless set). */
  timezone: z.string().min(1).max(64).optional(),
})

export const maxFlowNodes = 500

export const flowDefinitionSchema = z.strictObject({
  nodes: z.array(flowNodeSchema).max(maxFlowNodes),
  edges: z.array(flowEdgeSchema).max(maxFlowNodes * 4),
  settings: flowSettingsSchema.default({ reentry: 'once' }),
})

export type FlowNode = z.output<typeof flowNodeSchema>
export type FlowEdge = z.output<typeof flowEdgeSchema>
export type FlowSettings = z.output<typeof flowSettingsSchema>
export type FlowDefinition = z.output<typeof flowDefinitionSchema>
export type FlowDefinitionInput = z.input<typeof flowDefinitionSchema>

export type FlowErrorCode =
  | 'invalidDefinition'
  | 'duplicateNodeId'
  | 'duplicateEdgeId'
  | 'invalidTimezone'
  | 'unknownNodeType'
  | 'unknownNodeVersion'
  | 'invalidParams'
  | 'noTrigger'
  | 'multipleTriggers'
  | 'edgeUnknownSource'
  | 'edgeUnknownTarget'
  | 'edgeUnknownPort'
  | 'edgeIntoTrigger'
  | 'portConnectedTwice'
  | 'portNotConnected'
  | 'unreachable'
  | 'cycleWithoutWait'
  /** From node `check`s against the channel: unknownTag, unknownField, fieldTypeMismatch, … */
  | (string & {})

export interface FlowError {
  nodeId?: string
  edgeId?: string
  /** Inside the node's params for `invalidParams` and context checks (`messages.0.text`); else inside the definition. */
  path?: string
  /** The output port concerned (`portNotConnected`, `portConnectedTwice`, `edgeUnknownPort`). */
  port?: string
  code: FlowErrorCode
  message: Text
}

export interface FlowValidation {
  ok: boolean
  errors: FlowError[]
  /** The parsed definition (defaults filled in) when it could be read at all. */
  flow?: FlowDefinition
}

function nodeName(node: FlowNode, spec: NodeSpec | undefined): Text {
  return spec
    ? { ja: `${spec.label.ja}（${node.id}）`, en: `${spec.label.en} (${node.id})` }
    : { ja: `ノード ${node.id}`, en: `Node ${node.id}` }
}

/** The inspector label of the field a params path belongs to (longest matching hint). */
function fieldLabel(spec: NodeSpec, path: string): Text | undefined {
  let best: { len: number; label: Text } | undefined
  for (const hint of spec.fields) {
    if ((path === hint.path || path.startsWith(`${hint.path}.`)) && hint.path.length > (best?.len ?? -1)) {
      best = { len: hint.path.length, label: hint.label }
    }
  }
  return best?.label
}

function fieldMessage(name: Text, spec: NodeSpec, path: string, msg: Text): Text {
  const label = fieldLabel(spec, path)
  const where = label ? `「${label.ja}」${path ? `（${path}）` : ''}` : path
  return {
    ja: `${name.ja}の${where || '設定'}: ${msg.ja}`,
    en: `${name.en}, ${label ? `"${label.en}"${path ? ` (${path})` : ''}` : path || 'settings'}: ${msg.en}`,
  }
}

/** An edge from or to a node the flow does not have. */
function missingEnd(edge: FlowEdge, end: 'source' | 'target'): FlowError {
  const id = edge[end]
  return {
    edgeId: edge.id,
    code: end === 'source' ? 'edgeUnknownSource' : 'edgeUnknownTarget',
    message:
      end === 'source'
        ? { ja: `接続元のノード「${id}」がありません`, en: `Edge from missing node "${id}"` }
        : { ja: `接続先のノード「${id}」がありません`, en: `Edge to missing node "${id}"` },
  }
}

interface NodeInfo {
  node: FlowNode
  spec?: NodeSpec
  paramsValid: boolean
  params?: unknown
  ports: PortSpec[]
}

/** Strongly connected components (Tarjan), in a deterministic order. */
function stronglyConnected(ids: readonly string[], next: (id: string) => readonly string[]): string[][] {
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const out: string[][] = []
  const visit = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter)
    counter++
    stack.push(v)
    onStack.add(v)
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0))
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0))
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string | undefined
      do {
        w = stack.pop()
        if (w === undefined) break
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      out.push(component)
    }
  }
  for (const id of ids) if (!index.has(id)) visit(id)
  return out
}

/**
 * Checks a flow definition: its shape, every node's parameters (and references, when `ctx` says
 * what exists), and the graph rules:
 * - exactly one trigger, with no incoming edges;
 * - edges leave from ports the node declares and reach existing nodes; each port at most once;
 * - every port is connected unless it is marked `mayEnd` (then the journey ends there);
 * - every node is reachable from the trigger;
 * - every cycle passes through a node that always takes time (a duration / time-of-day / weekday
 *   wait, or a wait-for-event), so a friend can never loop without waiting;
 * - node type and version must be known.
 */
export function validateFlow(input: unknown, ctx: ValidationContext = {}): FlowValidation {
  const { ok, errors, flow } = checkFlow(input, ctx)
  return flow ? { ok, errors, flow } : { ok, errors }
}

/** `validateFlow`, plus each node's parsed params (by node ID) when the definition could be read. */
function checkFlow(
  input: unknown,
  ctx: ValidationContext,
): FlowValidation & { params?: ReadonlyMap<string, unknown> } {
  const parsed = flowDefinitionSchema.safeParse(input, { reportInput: true })
  if (!parsed.success) {
    const raw = input as { nodes?: { id?: unknown }[] } | undefined
    return {
      ok: false,
      errors: parsed.error.issues.map((issue): FlowError => {
        const [first, second] = issue.path
        const nodeId =
          first === 'nodes' && typeof second === 'number' && typeof raw?.nodes?.[second]?.id === 'string'
            ? (raw.nodes[second].id as string)
            : undefined
        const msg = describeIssue(issue)
        const path = pathString(issue.path)
        return {
          ...(nodeId ? { nodeId } : {}),
          path,
          code: 'invalidDefinition',
          message: { ja: `${path}: ${msg.ja}`, en: `${path}: ${msg.en}` },
        }
      }),
    }
  }
  const flow = parsed.data
  const errors: FlowError[] = []

  if (flow.settings.timezone !== undefined && !isValidTimeZone(flow.settings.timezone)) {
    errors.push({
      path: 'settings.timezone',
      code: 'invalidTimezone',
      message: {
        ja: `タイムゾーン「${flow.settings.timezone}」は使えません（例: Asia/Tokyo）`,
        en: `Unknown time zone "${flow.settings.timezone}" (e.g. Asia/Tokyo)`,
      },
    })
  }

  // Nodes: identity, type, version, params.
  const infos = new Map<string, NodeInfo>()
  for (const node of flow.nodes) {
    if (infos.has(node.id)) {
      errors.push({
        nodeId: node.id,
        code: 'duplicateNodeId',
        message: { ja: `ノードID「${node.id}」が重複しています`, en: `Duplicate node ID "${node.id}"` },
      })
      continue
    }
    const spec = findSpec(node.type, node.version)
    if (!spec) {
      const versions = specVersions(node.type).map((s) => s.version)
      errors.push(
        versions.length === 0
          ? {
              nodeId: node.id,
              code: 'unknownNodeType',
              message: {
                ja: `不明なノードの種類「${node.type}」です`,
                en: `Unknown node type "${node.type}"`,
              },
            }
          : {
              nodeId: node.id,
              code: 'unknownNodeVersion',
              message: {
                ja: `「${node.type}」のバージョン ${node.version} はありません（あるのは ${versions.join(', ')}）`,
                en: `"${node.type}" has no version ${node.version} (known: ${versions.join(', ')})`,
              },
            },
      )
      infos.set(node.id, { node, paramsValid: false, ports: [] })
      continue
    }
    const name = nodeName(node, spec)
    const params = spec.params.safeParse(node.params ?? {}, { reportInput: true })
    if (!params.success) {
      for (const issue of params.error.issues) {
        const path = pathString(issue.path)
        errors.push({
          nodeId: node.id,
          path,
          code: 'invalidParams',
          message: fieldMessage(name, spec, path, describeIssue(issue)),
        })
      }
    } else if (spec.check) {
      for (const issue of spec.check(params.data, ctx)) {
        errors.push({
          nodeId: node.id,
          path: issue.path,
          code: issue.code,
          message: fieldMessage(name, spec, issue.path, issue.message),
        })
      }
    }
    infos.set(node.id, {
      node,
      spec,
      paramsValid: params.success,
      params: params.success ? params.data : node.params,
      ports: portsOf(spec, node.params ?? {}),
    })
  }

  // Exactly one trigger.
  const triggers = [...infos.values()].filter((i) => i.spec?.category === 'trigger')
  if (triggers.length === 0) {
    errors.push({
      code: 'noTrigger',
      message: { ja: '開始のきっかけ（トリガー）がありません', en: 'The flow has no trigger' },
    })
  } else if (triggers.length > 1) {
    for (const extra of triggers.slice(1)) {
      errors.push({
        nodeId: extra.node.id,
        code: 'multipleTriggers',
        message: {
          ja: `トリガーは1つだけです: ${nodeName(extra.node, extra.spec).ja} を削除してください`,
          en: `Only one trigger is allowed: remove ${nodeName(extra.node, extra.spec).en}`,
        },
      })
    }
  }

  // Edges.
  const edgeIds = new Set<string>()
  const used = new Map<string, string>() // `${node}\u0000${port}` → edge id
  const next = new Map<string, string[]>()
  for (const edge of flow.edges) {
    if (edgeIds.has(edge.id)) {
      errors.push({
        edgeId: edge.id,
        code: 'duplicateEdgeId',
        message: { ja: `接続ID「${edge.id}」が重複しています`, en: `Duplicate edge ID "${edge.id}"` },
      })
      continue
    }
    edgeIds.add(edge.id)
    const source = infos.get(edge.source)
    const target = infos.get(edge.target)
    if (!source) errors.push(missingEnd(edge, 'source'))
    let ok = source !== undefined
    if (!target) {
      ok = false
      errors.push(missingEnd(edge, 'target'))
    } else if (target.spec?.category === 'trigger') {
      ok = false
      errors.push({
        edgeId: edge.id,
        nodeId: edge.target,
        code: 'edgeIntoTrigger',
        message: { ja: 'トリガーには接続できません', en: 'Nothing may connect into the trigger' },
      })
    }
    if (source?.spec && !source.ports.some((p) => p.id === edge.sourcePort)) {
      ok = false
      const name = nodeName(source.node, source.spec)
      const known = source.ports.map((p) => p.id).join(', ') || (source.spec ? '—' : '')
      errors.push({
        edgeId: edge.id,
        nodeId: edge.source,
        port: edge.sourcePort,
        code: 'edgeUnknownPort',
        message: {
          ja: `${name.ja}に出口「${edge.sourcePort}」はありません（出口: ${known}）`,
          en: `${name.en} has no port "${edge.sourcePort}" (ports: ${known})`,
        },
      })
    }
    if (!source) continue
    const key = `${edge.source}\u0000${edge.sourcePort}`
    const already = used.get(key)
    if (already !== undefined) {
      const name = nodeName(source.node, source.spec)
      errors.push({
        edgeId: edge.id,
        nodeId: edge.source,
        port: edge.sourcePort,
        code: 'portConnectedTwice',
        message: {
          ja: `${name.ja}の出口「${edge.sourcePort}」は1つの先にしかつなげません`,
          en: `${name.en}: port "${edge.sourcePort}" may connect to one node only`,
        },
      })
      continue
    }
    used.set(key, edge.id)
    if (ok) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target])
  }

  // Every port connected, unless ending there is allowed.
  for (const info of infos.values()) {
    if (!info.spec) continue
    for (const port of info.ports) {
      if (port.mayEnd || used.has(`${info.node.id}\u0000${port.id}`)) continue
      const name = nodeName(info.node, info.spec)
      errors.push({
        nodeId: info.node.id,
        port: port.id,
        code: 'portNotConnected',
        message: {
          ja: `${name.ja}の出口「${port.label.ja}」がどこにもつながっていません（終えるなら「終了」につないでください）`,
          en: `${name.en}: port "${port.label.en}" is not connected (connect it to an End node to end there)`,
        },
      })
    }
  }

  // Reachability from the trigger.
  const [trigger] = triggers
  if (trigger) {
    const seen = new Set<string>([trigger.node.id])
    const queue = [trigger.node.id]
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      for (const to of next.get(id) ?? []) {
        if (!seen.has(to)) {
          seen.add(to)
          queue.push(to)
        }
      }
    }
    for (const info of infos.values()) {
      if (seen.has(info.node.id) || info.spec?.category === 'trigger') continue
      const name = nodeName(info.node, info.spec)
      errors.push({
        nodeId: info.node.id,
        code: 'unreachable',
        message: {
          ja: `${name.ja}にはトリガーからたどり着けません`,
          en: `${name.en} cannot be reached from the trigger`,
        },
      })
    }
  }

  // Cycles must pass through a node that always takes time.
  const takesTime = (id: string): boolean => {
    const info = infos.get(id)
    return !!(info?.spec?.advancesTime && info.paramsValid && info.spec.advancesTime(info.params))
  }
  const ids = [...infos.keys()].filter((id) => !takesTime(id))
  const succ = (id: string) => (next.get(id) ?? []).filter((to) => !takesTime(to))
  const order = new Map(flow.nodes.map((n, i) => [n.id, i]))
  for (const component of stronglyConnected(ids, succ)) {
    const [only] = component
    const loops = component.length > 1 || (only !== undefined && succ(only).includes(only))
    if (!loops) continue
    const members = [...component].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    errors.push({
      nodeId: members[0],
      code: 'cycleWithoutWait',
      message: {
        ja: `待機のないループがあります（${members.join(' → ')}）。ループには「待機（時間・時刻・曜日）」か「反応を待つ」を入れてください`,
        en: `Loop without a wait (${members.join(' → ')}): put a duration/time-of-day/weekday wait or a wait-for-reaction on it`,
      },
    })
  }

  const params = new Map([...infos].map(([id, info]) => [id, info.params]))
  return { ok: errors.length === 0, errors, flow, params }
}

/**
 * A flow ready to run: valid, and every node's params parsed (defaults filled in). Runs get flows
 * in this form, so the interpreter — which runs inside Temporal's sandbox, without zod — can trust them.
 */
export function normalizeFlow(input: unknown): FlowValidation {
  const { ok, errors, flow, params } = checkFlow(input, {})
  if (!ok || !flow || !params) return flow ? { ok, errors, flow } : { ok, errors }
  // Valid means every node's params parsed: checkFlow kept the parsed values.
  const nodes = flow.nodes.map((node) => ({ ...node, params: params.get(node.id) }))
  return { ok, errors, flow: { ...flow, nodes } }
}
