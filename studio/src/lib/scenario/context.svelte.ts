import { getContext, setContext } from 'svelte'
import type { FlowIssue, FlowSummary, FriendField, Tag } from '$lib/api'
import type { NameLookup } from '$flow/spec'
import type { Choice } from '$lib/ui/controls'

/** What node cards and the inspector share with the editor page besides the graph itself. */
export class EditorContext {
  tags = $state.raw<Tag[]>([])
  fields = $state.raw<FriendField[]>([])
  flows = $state.raw<FlowSummary[]>([])
  /** Issues pinned on nodes (after a refused publish). */
  issues = $state.raw<FlowIssue[]>([])
  /** Nodes a run visited (run view), in order. */
  visited = $state.raw<string[]>([])
  current = $state<string | null>(null)
  readOnly = $state(false)

  readonly names: NameLookup = {
    tag: (id) => this.tags.find((t) => t.id === id)?.name,
    field: (key) => this.fields.find((f) => f.key === key)?.name,
    flow: (id) => this.flows.find((f) => f.id === id)?.name,
  }

  /** The pickers' options: tags, friend fields (of some types only), other scenarios. */
  readonly choices = {
    tags: (): Choice[] => this.tags.map((t) => ({ value: t.id, label: t.name })),
    fields: (types?: readonly string[]): Choice[] =>
      this.fields
        .filter((f) => !types || types.includes(f.type))
        .map((f) => ({ value: f.key, label: f.name })),
    flows: (except?: string): Choice[] =>
      this.flows.filter((f) => f.id !== except).map((f) => ({ value: f.id, label: f.name })),
  }

  issuesOf(nodeId: string): FlowIssue[] {
    return this.issues.filter((i) => i.nodeId === nodeId)
  }
}

const KEY = Symbol('scenario-editor')

export function setEditorContext(ctx: EditorContext): EditorContext {
  return setContext(KEY, ctx)
}

export function useEditorContext(): EditorContext {
  return getContext<EditorContext>(KEY)
}
