import { dateOps, numberOps, scenarioStates, textOps, type Condition } from '$flow/conditions'
import type { I18n } from '$lib/i18n'
import type { Choice, ControlSpec } from '$lib/ui/controls'
import type { EditorContext } from '../context.svelte'
import { forField, type Leaf } from './conditionTree'

/** Empty means absent, so the saved value keeps the schema's shape. */
const optional = (s: string) => (s === '' ? undefined : s)
const numberOf = (s: string) => (s === '' ? Number.NaN : Number(s))
const shown = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : '')

/**
 * The controls after a condition leaf's kind, in order: what to compare and with what. Each writes
 * through `onchange` a leaf in the schema's exact shape (an emptied optional key is dropped).
 */
export function leafControls(
  leaf: Leaf,
  ctx: EditorContext,
  nodeOptions: readonly { id: string; label: string }[],
  i18n: I18n,
  onchange: (c: Condition) => void,
): ControlSpec[] {
  function patch(p: Record<string, unknown>) {
    const next: Record<string, unknown> = { ...leaf, ...p }
    for (const k of Object.keys(p)) if (next[k] === undefined) delete next[k]
    onchange(next as Condition)
  }
  const nodes: Choice[] = nodeOptions.map((n) => ({ value: n.id, label: n.label }))
  const node = (nodeId: string | undefined, testid?: string): ControlSpec => ({
    kind: 'select',
    label: i18n.t('inputs.cond.node'),
    value: nodeId ?? '',
    options: nodes,
    placeholder: i18n.t('inputs.cond.anyMessage'),
    set: (v) => patch({ nodeId: optional(v) }),
    testid,
  })
  const op = (value: string, options: Choice[], set = (v: string) => patch({ op: v })): ControlSpec => ({
    kind: 'select',
    label: i18n.t('inputs.cond.op'),
    value,
    options,
    set,
    testid: 'cond-op',
  })
  const days = (value: number | undefined, set: (v: string) => void, max?: number): ControlSpec => ({
    kind: 'number',
    label: i18n.t('inputs.cond.days'),
    value: shown(value),
    min: 0,
    max,
    suffix: i18n.t('editor.days'),
    class: 'num',
    set,
    testid: 'cond-days',
  })
  const numberChoices = numberOps.map((o) => ({ value: o, label: i18n.t(`inputs.numOp.${o}`) }))

  switch (leaf.kind) {
    case 'tag':
      return [
        {
          kind: 'select',
          label: i18n.t('inputs.cond.tag'),
          value: leaf.tagId,
          options: ctx.choices.tags(),
          placeholder: i18n.t('editor.chooseTag'),
          keepUnknown: true,
          set: (v) => patch({ tagId: v }),
          testid: 'cond-tag',
        },
        {
          kind: 'select',
          label: i18n.t('inputs.cond.has'),
          value: leaf.has ? 'has' : 'lacks',
          options: [
            { value: 'has', label: i18n.t('inputs.cond.has.yes') },
            { value: 'lacks', label: i18n.t('inputs.cond.has.no') },
          ],
          set: (v) => patch({ has: v === 'has' }),
          testid: 'cond-has',
        },
      ]
    case 'followed':
      return [op(leaf.op, numberChoices), days(leaf.days, (v) => patch({ days: numberOf(v) }))]
    case 'clicked':
      return [
        node(leaf.nodeId, 'cond-node'),
        {
          kind: 'url',
          label: i18n.t('inputs.cond.url'),
          value: leaf.url ?? '',
          placeholder: 'https://',
          set: (v) => patch({ url: optional(v) }),
          testid: 'cond-url',
        },
      ]
    case 'postback':
      return [
        {
          kind: 'text',
          label: i18n.t('inputs.cond.data'),
          value: leaf.data,
          placeholder: i18n.t('inputs.cond.data'),
          maxlength: 300,
          set: (v) => patch({ data: v }),
          testid: 'cond-data',
        },
        {
          kind: 'select',
          label: i18n.t('inputs.cond.match'),
          value: leaf.match,
          options: (['exact', 'prefix', 'contains'] as const).map((m) => ({
            value: m,
            label: i18n.t(`inputs.dataMatch.${m}`),
          })),
          set: (v) => patch({ match: v }),
          testid: 'cond-match',
        },
        node(leaf.nodeId),
      ]
    case 'scenario':
      return [
        {
          kind: 'select',
          label: i18n.t('inputs.cond.flow'),
          value: leaf.flowId,
          options: ctx.choices.flows(),
          placeholder: i18n.t('editor.chooseFlow'),
          set: (v) => patch({ flowId: v }),
          testid: 'cond-flow',
        },
        {
          kind: 'select',
          label: i18n.t('inputs.cond.state'),
          value: leaf.state,
          options: scenarioStates.map((s) => ({ value: s, label: i18n.t(`inputs.scenarioState.${s}`) })),
          set: (v) => patch({ state: v }),
          testid: 'cond-state',
        },
      ]
  }

  // A friend-field comparison: the field, then what its type compares.
  const field = ctx.fields.find((f) => f.key === leaf.field)
  const controls: ControlSpec[] = [
    {
      kind: 'select',
      label: i18n.t('inputs.cond.field'),
      value: leaf.field,
      options: ctx.choices.fields(),
      placeholder: i18n.t('editor.chooseField'),
      keepUnknown: true,
      set: (key) => onchange(forField(key, ctx.fields.find((f) => f.key === key)?.type, leaf)),
      testid: 'cond-field',
    },
  ]
  const value = (
    v: string | number,
    set: (v: string) => void,
    kind: 'text' | 'number' | 'date',
  ): ControlSpec => ({
    kind,
    label: i18n.t(kind === 'date' ? 'inputs.cond.date' : 'inputs.cond.value'),
    value: v,
    maxlength: kind === 'text' ? 1000 : undefined,
    class: kind === 'number' ? 'num' : undefined,
    set,
    testid: kind === 'date' ? 'cond-date' : 'cond-value',
  })
  switch (leaf.kind) {
    case 'text': {
      const valueless = (o: string) => o === 'empty' || o === 'notEmpty'
      const ops = textOps.map((o) => ({ value: o, label: i18n.t(`inputs.textOp.${o}`) }))
      controls.push(
        op(leaf.op, ops, (o) => patch({ op: o, value: valueless(o) ? undefined : (leaf.value ?? '') })),
      )
      if (!valueless(leaf.op)) controls.push(value(leaf.value ?? '', (v) => patch({ value: v }), 'text'))
      break
    }
    case 'number':
      controls.push(
        op(leaf.op, numberChoices),
        value(shown(leaf.value), (v) => patch({ value: numberOf(v) }), 'number'),
      )
      break
    case 'date': {
      const dated = (o: string) => o === 'before' || o === 'after' || o === 'on'
      const ops = dateOps.map((o) => ({ value: o, label: i18n.t(`inputs.dateOp.${o}`) }))
      controls.push(
        op(leaf.op, ops, (o) =>
          patch({
            op: o,
            date: dated(o) ? (leaf.date ?? '') : undefined,
            days: dated(o) ? undefined : (leaf.days ?? 7),
          }),
        ),
        dated(leaf.op)
          ? value(leaf.date ?? '', (v) => patch({ date: v }), 'date')
          : days(leaf.days, (v) => patch({ days: v === '' ? undefined : numberOf(v) }), 3650),
      )
      break
    }
    case 'select':
      controls.push({
        kind: 'checks',
        label: i18n.t('inputs.cond.in'),
        value: leaf.in,
        options: (field?.options ?? leaf.in).map((o) => ({ value: o, label: o })),
        set: (v) => patch({ in: v }),
      })
  }
  return controls
}
