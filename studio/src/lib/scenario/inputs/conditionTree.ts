// Relative (not $flow) so the unit tests, outside the studio's aliases, can import this file.
import type { Condition } from '../../../../../flow/conditions'

/**
 * Editing helpers for branch condition trees. The editor always writes values in the exact shape of
 * `conditionSchema` (flow/conditions.ts); incomplete leaves (no tag chosen yet) stay in that shape and
 * are reported by the schema inline.
 */

/** What the marketer picks first for a leaf; friend-field conditions split by the field's type. */
export const leafKinds = ['tag', 'field', 'followed', 'clicked', 'postback', 'scenario'] as const
export type LeafKind = (typeof leafKinds)[number]

export type Group = Extract<Condition, { kind: 'and' | 'or' }>
export type Leaf = Exclude<Condition, { kind: 'and' | 'or' | 'not' }>
type FieldCondition = Extract<Condition, { kind: 'text' | 'number' | 'date' | 'select' }>

export function isGroup(c: Condition): c is Group {
  return c.kind === 'and' || c.kind === 'or'
}

export function itemsOf(g: Group): Condition[] {
  return g.kind === 'and' ? g.all : g.any
}

export function group(kind: Group['kind'], items: Condition[]): Group {
  return kind === 'and' ? { kind, all: items } : { kind, any: items }
}

/** NOT wraps or unwraps. */
export function toggleNot(c: Condition): Condition {
  return c.kind === 'not' ? c.cond : { kind: 'not', cond: c }
}

/** The condition kind that compares a friend field of this type. */
export function fieldConditionKind(fieldType: string | undefined): FieldCondition['kind'] {
  if (fieldType === 'number') return 'number'
  if (fieldType === 'date' || fieldType === 'datetime') return 'date'
  if (fieldType === 'select') return 'select'
  return 'text'
}

export function leafKindOf(c: Leaf): LeafKind {
  return c.kind === 'text' || c.kind === 'number' || c.kind === 'date' || c.kind === 'select'
    ? 'field'
    : c.kind
}

/** A fresh field condition for `field`, keeping what still applies when the field's type allows. */
export function forField(key: string, fieldType: string | undefined, old?: Leaf): FieldCondition {
  const kind = fieldConditionKind(fieldType)
  if (old && old.kind === kind) return { ...old, field: key } as FieldCondition
  switch (kind) {
    case 'number':
      return { kind, field: key, op: 'eq', value: 0 }
    case 'date':
      return { kind, field: key, op: 'withinNext', days: 7 }
    case 'select':
      return { kind, field: key, in: [] }
    case 'text':
      return { kind, field: key, op: 'eq', value: '' }
  }
}

/** A new leaf of a kind; references start empty (the schema asks for them inline). */
export function newLeaf(kind: LeafKind, firstField?: { key: string; type: string }): Leaf {
  switch (kind) {
    case 'tag':
      return { kind: 'tag', tagId: '', has: true }
    case 'field':
      return forField(firstField?.key ?? '', firstField?.type)
    case 'followed':
      return { kind: 'followed', op: 'ge', days: 7 }
    case 'clicked':
      return { kind: 'clicked' }
    case 'postback':
      return { kind: 'postback', data: '', match: 'exact' }
    case 'scenario':
      return { kind: 'scenario', flowId: '', state: 'completed' }
  }
}

/** Leaves and depth of a tree, to stop the editor before the schema's limits. */
export function treeSize(c: Condition): { leaves: number; depth: number } {
  if (c.kind === 'not') {
    const inner = treeSize(c.cond)
    return { leaves: inner.leaves, depth: inner.depth + 1 }
  }
  if (!isGroup(c)) return { leaves: 1, depth: 1 }
  let leaves = 0
  let depth = 0
  for (const item of itemsOf(c)) {
    const s = treeSize(item)
    leaves += s.leaves
    depth = Math.max(depth, s.depth)
  }
  return { leaves, depth: depth + 1 }
}

/** Reads an unknown params value as a condition (a node being edited may hold anything). */
export function asCondition(value: unknown): Condition {
  return value !== null && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string'
    ? (value as Condition)
    : newLeaf('tag')
}
