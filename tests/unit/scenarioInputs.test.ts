import { describe, expect, it } from 'vitest'
import { conditionSchema, type Condition } from '../../flow/conditions'
import { spec as branchSpec } from '../../flow/nodes/branch/spec'
import {
  asCondition,
  forField,
  group,
  leafKinds,
  newLeaf,
  toggleNot,
  treeSize,
} from '../../studio/src/lib/scenario/inputs/conditionTree'
import { issuesUnder, messagesAt } from '../../studio/src/lib/ui/issues'
import { freshId, isHttpsUrl, moveItem, pathIdAt } from '../../studio/src/lib/ui/lists'

// The inspector's pure helpers: what the editors write must be exactly what the node schemas accept.

describe('condition tree editing', () => {
  it('makes a new leaf of every kind in the schema’s shape, refused only for the reference left to choose', () => {
    for (const kind of leafKinds) {
      const leaf = newLeaf(kind, { key: 'plan', type: 'text' })
      const parsed = conditionSchema.safeParse(leaf)
      // Each fresh leaf is the schema's own shape: any issue is about a value still to be filled in.
      if (!parsed.success) {
        for (const issue of parsed.error.issues) expect(issue.code).not.toBe('unrecognized_keys')
      }
    }
    const filled: Condition[] = [
      { ...newLeaf('tag'), tagId: 'vip' } as Condition,
      { ...forField('plan', 'text'), value: 'gold' } as Condition,
      forField('age', 'number'),
      forField('birthday', 'date'),
      { ...forField('size', 'select'), in: ['M'] } as Condition,
      newLeaf('followed'),
      { kind: 'clicked', url: 'https://example.com' },
      { ...newLeaf('postback'), data: 'answer=yes' } as Condition,
      { ...newLeaf('scenario'), flowId: 'f1' } as Condition,
    ]
    for (const c of filled) expect(conditionSchema.safeParse(c).success, JSON.stringify(c)).toBe(true)
  })

  it('keeps the comparison when the new field has the same type, and resets it when not', () => {
    const text = { kind: 'text', field: 'a', op: 'contains', value: 'x' } as const
    expect(forField('b', 'select', text)).toEqual({ kind: 'select', field: 'b', in: [] })
    expect(forField('b', 'text', text)).toEqual({ ...text, field: 'b' })
    expect(forField('d', 'datetime')).toEqual({ kind: 'date', field: 'd', op: 'withinNext', days: 7 })
  })

  it('wraps and unwraps NOT, builds groups and measures trees as the schema limits them', () => {
    const tag: Condition = { kind: 'tag', tagId: 'vip', has: true }
    expect(toggleNot(toggleNot(tag))).toEqual(tag)
    const tree = group('and', [toggleNot(tag), group('or', [tag, tag])])
    expect(conditionSchema.safeParse(tree).success).toBe(true)
    expect(treeSize(tree)).toEqual({ leaves: 3, depth: 3 })
    expect(asCondition(null)).toEqual(newLeaf('tag'))
  })

  it('gives branch ports IDs that stay when branches move and never repeat', () => {
    const branches = [
      { id: 'b1', label: 'はい', when: { kind: 'postback', data: 'yes', match: 'exact' } },
      { id: 'b3', label: '', when: { kind: 'tag', tagId: 't', has: false } },
    ]
    const added = [
      ...branches,
      {
        id: freshId(
          branches.map((b) => b.id),
          (n) => `b${n}`,
        ),
        label: '',
        when: newLeaf('followed'),
      },
    ]
    expect(added.map((b) => b.id)).toEqual(['b1', 'b3', 'b2'])
    const moved = moveItem(added, 2, -1)
    const parsed = branchSpec.params.parse({ branches: moved })
    expect(branchSpec.ports(parsed).map((p) => p.id)).toEqual(['b1', 'b2', 'b3', 'else'])
    expect(moveItem(moved, 0, -1)).toEqual(moved)
    expect(freshId(['a', 'b'], pathIdAt)).toBe('c')
    expect(pathIdAt(27)).toBe('p27')
  })
})

describe('issues and URLs', () => {
  it('hands each part of a field the issues under it, with relative paths', () => {
    const issues = [
      { path: '', message: 'whole' },
      { path: '0.when.all.1.tagId', message: 'tag' },
      { path: '0.label', message: 'label' },
      { path: '10', message: 'not zero' },
    ]
    expect(issuesUnder(issues, 0)).toEqual([
      { path: 'when.all.1.tagId', message: 'tag' },
      { path: 'label', message: 'label' },
    ])
    expect(messagesAt(issues, '')).toEqual(['whole'])
    expect(messagesAt(issuesUnder(issues, 0), 'when', true)).toEqual(['tag'])
  })

  it('accepts https URLs only', () => {
    expect(isHttpsUrl('https://example.com/a.png')).toBe(true)
    expect(isHttpsUrl('http://example.com/a.png')).toBe(false)
    expect(isHttpsUrl('https://')).toBe(false)
    expect(isHttpsUrl('example.com')).toBe(false)
  })
})
