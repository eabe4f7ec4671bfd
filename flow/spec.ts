import type { z } from 'zod'
import type { Lang, Text } from './i18n'
import type { FieldType } from './context'

/**
 * How a node type describes itself. The studio draws the palette, the node card and the inspector
 * form from this alone; the api validates saved flows with `params` and `check`; the interpreter runs
 * the matching `run.ts` step. See flow/README.md.
 */

export type NodeCategory = 'trigger' | 'message' | 'timing' | 'logic' | 'action' | 'end'

export const nodeCategories: readonly { id: NodeCategory; label: Text }[] = [
  { id: 'trigger', label: { ja: 'きっかけ', en: 'Triggers' } },
  { id: 'message', label: { ja: 'メッセージ', en: 'Messages' } },
  { id: 'timing', label: { ja: 'タイミング', en: 'Timing' } },
  { id: 'logic', label: { ja: '条件・分岐', en: 'Logic' } },
  { id: 'action', label: { ja: 'アクション', en: 'Actions' } },
  { id: 'end', label: { ja: '終了', en: 'End' } },
]

export interface PortSpec {
  /** Edge `sourcePort`. */
  id: string
  label: Text
  /**
   * Leaving this port unconnected is allowed and means the friend's journey ends there (run ends
   * `completed`). Ports without it must be connected (use an `end` node to end explicitly).
   */
  mayEnd: boolean
}

/** Inspector widgets the studio knows how to render. */
export type FieldWidget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'switch'
  | 'select'
  | 'radio'
  | 'tag'
  | 'tags'
  | 'field'
  | 'flow'
  | 'node'
  | 'time'
  | 'date'
  | 'weekdays'
  | 'duration'
  | 'messages'
  | 'quickReplies'
  | 'sender'
  | 'textMatch'
  | 'conditions'
  | 'branches'
  | 'paths'
  | 'fieldChanges'

export interface FieldHint {
  /** Dotted path inside `params` (`timeout`, `event.tagId`, `messages`). */
  path: string
  label: Text
  help?: Text
  widget: FieldWidget
  /** For select / radio. */
  options?: readonly { value: string | number | boolean; label: Text }[]
  placeholder?: Text
  min?: number
  max?: number
  /** Field-type filter for `field` widgets (a date wait only offers date fields). */
  fieldTypes?: readonly FieldType[]
  /** Shown only when another param has one of these values (e.g. wait `mode`). */
  showIf?: { path: string; in: readonly (string | number | boolean)[] }
  optional?: boolean
}

/** What the api knows when it validates: lets nodes check tag, field and flow references. */
export interface ValidationContext {
  /** Existing tag IDs. */
  tagIds?: readonly string[]
  /** Friend fields by key, with their types (select: options). */
  fields?: Readonly<Record<string, { type: FieldType; options?: readonly string[] }>>
  /** Existing scenario (flow) IDs. */
  flowIds?: readonly string[]
  /** The flow being validated, if it has an ID already. */
  flowId?: string
}

export interface ContextIssue {
  /** Dotted path inside params. */
  path: string
  code: string
  message: Text
}

/** Names to show instead of IDs on node cards. */
export interface NameLookup {
  tag?(id: string): string | undefined
  field?(key: string): string | undefined
  flow?(id: string): string | undefined
}

/** A tag's, field's or flow's name for a node card; its ID when the name is not known. */
export function nameOf(names: NameLookup | undefined, kind: keyof NameLookup, id: string): string {
  return names?.[kind]?.(id) ?? id
}

export interface NodeSpec<S extends z.ZodType = z.ZodType> {
  type: string
  version: number
  category: NodeCategory
  label: Text
  description: Text
  /** A short icon name (Lucide-style) the studio maps to an icon; `emoji` is the fallback. */
  icon: string
  emoji: string
  params: S
  /** Parameters of a node freshly dropped from the palette (may still need filling in). */
  defaults: z.input<S>
  /** Output ports for valid params; use `portsOf` for params that may be invalid. */
  ports(params: z.output<S>): PortSpec[]
  /** One line for the node card. */
  summary(params: z.output<S>, lang: Lang, names?: NameLookup): string
  fields: readonly FieldHint[]
  /** True when every pass through the node takes time (graph rule: a cycle needs one such node). */
  advancesTime?(params: z.output<S>): boolean
  /** Checks against the channel's tags, fields and flows (only what the context knows is checked). */
  check?(params: z.output<S>, ctx: ValidationContext): ContextIssue[]
  /** Superseded by a newer version: runs old flows, hidden from the palette. */
  deprecated?: boolean
}

export function defineNode<S extends z.ZodType>(spec: NodeSpec<S>): NodeSpec<S> {
  return spec
}

export const port = (id: string, label: Text, mayEnd: boolean): PortSpec => ({ id, label, mayEnd })

export const nextPort = (mayEnd: boolean): PortSpec => port('next', { ja: '次へ', en: 'Next' }, mayEnd)

/**
 * Ports for params as they are: exact for valid params; for invalid ones (a node being edited) the
 * ports the raw params would give if they can be read, else those of the defaults.
 */
export function portsOf(spec: NodeSpec, params: unknown): PortSpec[] {
  const exact = spec.params.safeParse(params)
  if (exact.success) return spec.ports(exact.data)
  const tryPorts = (raw: unknown): PortSpec[] | undefined => {
    try {
      const ports = spec.ports(raw)
      return Array.isArray(ports) && ports.every((p) => typeof p?.id === 'string') ? ports : undefined
    } catch {
      return undefined
    }
  }
  const defaults = spec.params.safeParse(spec.defaults)
  return tryPorts(params) ?? (defaults.success ? spec.ports(defaults.data) : tryPorts(spec.defaults)) ?? []
}

/** The node card's line: the summary for valid params, else a hint that the node is incomplete. */
export function summaryOf(spec: NodeSpec, params: unknown, lang: Lang, names?: NameLookup): string {
  const parsed = spec.params.safeParse(params)
  if (parsed.success) return spec.summary(parsed.data, lang, names)
  return lang === 'ja' ? '設定が未完了です' : 'Needs settings'
}
