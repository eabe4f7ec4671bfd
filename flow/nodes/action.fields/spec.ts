import { z } from 'zod'
import { checkField } from '../../conditions'
import type { FieldType } from '../../context'
import { text, type Text } from '../../i18n'
import { refSchema } from '../../params'
import { defineNode, nameOf, type ContextIssue } from '../../spec'
import { parseDate, parseDateTimeValue } from '../../time'
import { actionPorts } from '../action'
import { refuseRepeats } from '../shared'

export const fieldChangeSchema = z.discriminatedUnion('op', [
  /** number fields take numbers; date `YYYY-MM-DD`; datetime `YYYY-MM-DD HH:MM` (run time zone); select one option. */
  z.strictObject({
    key: refSchema,
    op: z.literal('set'),
    value: z.union([z.string().max(1000), z.number().finite()]),
  }),
  z.strictObject({ key: refSchema, op: z.literal('clear') }),
])

export type FieldChangeParam = z.output<typeof fieldChangeSchema>

/** Why a value does not fit a field of this type (null: fits). */
export function fieldValueProblem(
  type: FieldType,
  value: string | number,
  options?: readonly string[],
): Text | null {
  switch (type) {
    case 'text':
      return typeof value === 'string' ? null : { ja: '文字で指定してください', en: 'Must be text' }
    case 'number':
      return typeof value === 'number' ? null : { ja: '数値で指定してください', en: 'Must be a number' }
    case 'date':
      return typeof value === 'string' && parseDate(value)
        ? null
        : { ja: '日付は YYYY-MM-DD で指定してください', en: 'Use a date as YYYY-MM-DD' }
    case 'datetime':
      return typeof value === 'string' && parseDateTimeValue(value)
        ? null
        : { ja: '日時は YYYY-MM-DD HH:MM で指定してください', en: 'Use a date and time as YYYY-MM-DD HH:MM' }
    case 'select':
      return typeof value === 'string' && (!options || options.includes(value))
        ? null
        : {
            ja: `選択肢から選んでください: ${(options ?? []).join(', ')}`,
            en: `Choose one of: ${(options ?? []).join(', ')}`,
          }
  }
}

export const spec = defineNode({
  type: 'action.fields',
  version: 1,
  category: 'action',
  label: { ja: '友だち情報の更新', en: 'Update friend fields' },
  description: {
    ja: '友だち情報の項目に値を入れたり、空にしたりします。',
    en: 'Sets or clears friend fields.',
  },
  icon: 'pencil',
  emoji: '📝',
  params: z
    .strictObject({ changes: z.array(fieldChangeSchema).min(1).max(20) })
    .superRefine((p, ctx) =>
      refuseRepeats(
        ctx,
        'changes',
        p.changes,
        'key',
        text('同じ項目が2回あります', 'The same field appears twice'),
      ),
    ),
  defaults: { changes: [{ key: '', op: 'set', value: '' }] },
  ports: actionPorts,
  summary: (p, lang, names) =>
    p.changes
      .map((c) => {
        const name = nameOf(names, 'field', c.key)
        return c.op === 'clear' ? (lang === 'ja' ? `${name}を空に` : `clear ${name}`) : `${name} = ${c.value}`
      })
      .join(', '),
  fields: [
    {
      path: 'changes',
      label: { ja: '変更する項目', en: 'Changes' },
      widget: 'fieldChanges',
      min: 1,
      max: 20,
    },
  ],
  check: (p, ctx) =>
    p.changes.flatMap((c, i): ContextIssue[] => {
      const issues = checkField(c.key, [], ctx, `changes.${i}.key`)
      const field = ctx.fields?.[c.key]
      if (issues.length || !field || c.op !== 'set') return issues
      const problem = fieldValueProblem(field.type, c.value, field.options)
      return problem ? [{ path: `changes.${i}.value`, code: 'invalidFieldValue', message: problem }] : []
    }),
})
