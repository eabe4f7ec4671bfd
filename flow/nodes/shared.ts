import { z } from 'zod'
import { bi, type Lang, type Text } from '../i18n'
import { dataMatchSchema } from '../matchSchemas'
import type { FieldHint } from '../spec'

/**
 * Pieces several node specs share: parameter schemas and their inspector fields. Specs only (zod):
 * the steps in `run.ts` never import this.
 */

/** Postback data and how it is compared: the postback trigger and a wait for a postback. */
export const postbackParams = {
  data: z.string().min(1).max(300),
  match: dataMatchSchema.default('exact'),
}

/** A radio or select field: `options` are value and label pairs, in the order shown. */
export function choiceField(
  path: string,
  label: Text,
  widget: 'radio' | 'select',
  options: readonly (readonly [value: string, label: Text])[],
  extra?: Partial<FieldHint>,
): FieldHint {
  return { path, label, widget, options: options.map(([value, label]) => ({ value, label })), ...extra }
}

/** The inspector fields of `postbackParams` under `prefix` (`event.`), shown when `showIf` holds. */
export function postbackFields(prefix = '', showIf?: FieldHint['showIf']): FieldHint[] {
  const when = showIf ? { showIf } : {}
  const matches = [
    ['exact', { ja: '完全一致', en: 'Exact' }],
    ['prefix', { ja: '前方一致', en: 'Starts with' }],
    ['contains', { ja: '部分一致', en: 'Contains' }],
  ] as const
  return [
    { path: `${prefix}data`, label: { ja: 'データ', en: 'Data' }, widget: 'text', ...when },
    choiceField(`${prefix}match`, { ja: '合わせ方', en: 'Match' }, 'radio', matches, when),
  ]
}

/** A field picking one of the channel's tags. */
export const tagField = (path: string, extra?: Partial<FieldHint>): FieldHint => ({
  path,
  label: { ja: 'タグ', en: 'Tag' },
  widget: 'tag',
  ...extra,
})

/** A field picking one of the channel's scenarios. */
export const flowField = (path: string, extra?: Partial<FieldHint>): FieldHint => ({
  path,
  label: { ja: 'シナリオ', en: 'Scenario' },
  widget: 'flow',
  ...extra,
})

/** Refuses a list in which an item repeats an earlier item's `key` (branch and path IDs, changed fields). */
export function refuseRepeats<T, K extends keyof T & string>(
  ctx: z.RefinementCtx,
  list: string,
  items: readonly T[],
  key: K,
  message: Text,
): void {
  const seen = new Set<T[K]>()
  items.forEach((item, i) => {
    if (seen.has(item[key]))
      ctx.addIssue({ code: 'custom', path: [list, i, key], ...bi(message.ja, message.en) })
    seen.add(item[key])
  })
}

/** A node card's line for a list: the first item and how many more (`unit`: 件, 分岐). */
export function firstAndMore(first: string, count: number, lang: Lang, unit: Text): string {
  if (count <= 1) return first
  return `${first}${lang === 'ja' ? ` 他${count - 1}${unit.ja}` : ` +${count - 1}${unit.en}`}`
}
