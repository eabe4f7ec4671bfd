import { z } from 'zod'
import {
  dateOps,
  numberOps,
  scenarioStates,
  textOps,
  type Condition,
  type DateOp,
  type ScenarioState,
} from './conditionEval'
import { bi, type Lang, type Text } from './i18n'
import { dataMatchSchema } from './matchSchemas'
import { nameOf, type ContextIssue, type NameLookup, type ValidationContext } from './spec'
import { parseDate } from './time'

export * from './conditionEval'

/**
 * Branch conditions: a tree of AND / OR / NOT over facts about the friend. Evaluation is pure and
 * records every fact it looked at (`facts`), so a branch decision can show why it went where it went.
 * On an empty (or missing) field every comparison is false, except the negative text ones (`neq`,
 * `notContains`) and `empty`, which are true.
 */

export const maxConditionDepth = 6
export const maxConditionLeaves = 50

const ref = z.string().min(1).max(100)
const dateString = z
  .string()
  .refine(
    (s) => parseDate(s) !== null,
    bi('日付は YYYY-MM-DD で指定してください', 'Use a date as YYYY-MM-DD'),
  )

const leafSchemas = [
  z.strictObject({ kind: z.literal('tag'), tagId: ref, has: z.boolean().default(true) }),
  z
    .strictObject({
      kind: z.literal('text'),
      field: ref,
      op: z.enum(textOps),
      value: z.string().max(1000).optional(),
    })
    .superRefine((c, ctx) => {
      if (c.op !== 'empty' && c.op !== 'notEmpty' && !c.value) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          ...bi('比べる文字を入力してください', 'Enter the text to compare with'),
        })
      }
    }),
  z.strictObject({
    kind: z.literal('number'),
    field: ref,
    op: z.enum(numberOps),
    value: z.number().finite(),
  }),
  z
    .strictObject({
      kind: z.literal('date'),
      field: ref,
      op: z.enum(dateOps),
      date: dateString.optional(),
      days: z.number().int().min(0).max(3650).optional(),
    })
    .superRefine((c, ctx) => {
      const needsDate = c.op === 'before' || c.op === 'after' || c.op === 'on'
      if (needsDate && !c.date) {
        ctx.addIssue({ code: 'custom', path: ['date'], ...bi('日付を指定してください', 'Choose a date') })
      }
      if (!needsDate && c.days === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['days'],
          ...bi('日数を指定してください', 'Enter a number of days'),
        })
      }
    }),
  z.strictObject({
    kind: z.literal('select'),
    field: ref,
    in: z.array(z.string().min(1).max(100)).min(1).max(100),
  }),
  z.strictObject({
    kind: z.literal('followed'),
    op: z.enum(numberOps),
    days: z.number().int().min(0).max(36500),
  }),
  z
    .strictObject({
      kind: z.literal('clicked'),
      nodeId: ref.optional(),
      url: z.string().min(1).max(1000).optional(),
    })
    .refine((c) => c.nodeId !== undefined || c.url !== undefined, {
      ...bi('メッセージかURLを指定してください', 'Choose a message or a URL'),
      path: ['nodeId'],
    }),
  z.strictObject({
    kind: z.literal('postback'),
    data: z.string().min(1).max(300),
    match: dataMatchSchema.default('exact'),
    nodeId: ref.optional(),
  }),
  z.strictObject({ kind: z.literal('scenario'), flowId: ref, state: z.enum(scenarioStates) }),
] as const

export const conditionSchema: z.ZodType<Condition, unknown> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('and'), all: z.array(conditionSchema).min(1).max(maxConditionLeaves) }),
    z.strictObject({ kind: z.literal('or'), any: z.array(conditionSchema).min(1).max(maxConditionLeaves) }),
    z.strictObject({ kind: z.literal('not'), cond: conditionSchema }),
    ...leafSchemas,
  ]),
)

/** Depth and size limits, checked once on the whole tree. */
export function conditionShapeProblem(c: Condition): Text | null {
  let leaves = 0
  let deepest = 0
  const walk = (node: Condition, depth: number): void => {
    deepest = Math.max(deepest, depth)
    if (node.kind === 'and') node.all.forEach((n) => walk(n, depth + 1))
    else if (node.kind === 'or') node.any.forEach((n) => walk(n, depth + 1))
    else if (node.kind === 'not') walk(node.cond, depth + 1)
    else leaves++
  }
  walk(c, 1)
  if (deepest > maxConditionDepth) {
    return {
      ja: `条件の入れ子は${maxConditionDepth}段までです`,
      en: `Conditions nest at most ${maxConditionDepth} levels`,
    }
  }
  if (leaves > maxConditionLeaves) {
    return { ja: `条件は${maxConditionLeaves}個までです`, en: `At most ${maxConditionLeaves} conditions` }
  }
  return null
}

/** Checks the references of a condition tree against what the api knows (tags, fields, flows). */
export function checkCondition(c: Condition, vctx: ValidationContext, path: string): ContextIssue[] {
  const issues: ContextIssue[] = []
  const walk = (node: Condition, at: string): void => {
    switch (node.kind) {
      case 'and':
        node.all.forEach((n, i) => walk(n, `${at}.all.${i}`))
        return
      case 'or':
        node.any.forEach((n, i) => walk(n, `${at}.any.${i}`))
        return
      case 'not':
        walk(node.cond, `${at}.cond`)
        return
      case 'tag':
        issues.push(...checkTag(node.tagId, vctx, `${at}.tagId`))
        return
      case 'text':
      case 'number':
      case 'date':
      case 'select': {
        const allowed: Record<string, readonly string[]> = {
          text: ['text', 'select', 'number', 'date'],
          number: ['number'],
          date: ['date', 'datetime'],
          select: ['select', 'text'],
        }
        issues.push(...checkField(node.field, allowed[node.kind] ?? [], vctx, `${at}.field`))
        const field = vctx.fields?.[node.field]
        if (node.kind === 'select' && field?.type === 'select' && field.options) {
          node.in.forEach((v, i) => {
            if (!field.options?.includes(v)) {
              issues.push({
                path: `${at}.in.${i}`,
                code: 'unknownOption',
                message: {
                  ja: `選択肢「${v}」はこの項目にありません`,
                  en: `"${v}" is not an option of this field`,
                },
              })
            }
          })
        }
        return
      }
      case 'scenario':
        issues.push(...checkFlow(node.flowId, vctx, `${at}.flowId`))
        return
      default:
        return
    }
  }
  walk(c, path)
  return issues
}

export function checkTag(tagId: string, vctx: ValidationContext, path: string): ContextIssue[] {
  if (!vctx.tagIds || vctx.tagIds.includes(tagId)) return []
  return [
    {
      path,
      code: 'unknownTag',
      message: { ja: `タグ「${tagId}」がありません`, en: `Tag "${tagId}" does not exist` },
    },
  ]
}

export function checkFlow(flowId: string, vctx: ValidationContext, path: string): ContextIssue[] {
  if (!vctx.flowIds || vctx.flowIds.includes(flowId)) return []
  return [
    {
      path,
      code: 'unknownFlow',
      message: { ja: `シナリオ「${flowId}」がありません`, en: `Scenario "${flowId}" does not exist` },
    },
  ]
}

export function checkField(
  key: string,
  types: readonly string[],
  vctx: ValidationContext,
  path: string,
): ContextIssue[] {
  if (!vctx.fields) return []
  const field = vctx.fields[key]
  if (!field) {
    return [
      {
        path,
        code: 'unknownField',
        message: { ja: `友だち情報「${key}」がありません`, en: `Friend field "${key}" does not exist` },
      },
    ]
  }
  if (types.length > 0 && !types.includes(field.type)) {
    return [
      {
        path,
        code: 'fieldTypeMismatch',
        message: {
          ja: `友だち情報「${key}」の種類（${field.type}）はこの条件に使えません`,
          en: `Friend field "${key}" (${field.type}) cannot be used here`,
        },
      },
    ]
  }
  return []
}

const opWords: Record<string, Text> = {
  eq: { ja: '＝', en: '=' },
  ne: { ja: '≠', en: '≠' },
  neq: { ja: 'が次と違う', en: 'is not' },
  lt: { ja: '<', en: '<' },
  le: { ja: '≤', en: '≤' },
  gt: { ja: '>', en: '>' },
  ge: { ja: '≥', en: '≥' },
  contains: { ja: 'を含む', en: 'contains' },
  notContains: { ja: 'を含まない', en: 'does not contain' },
  empty: { ja: 'が空', en: 'is empty' },
  notEmpty: { ja: 'が空でない', en: 'is not empty' },
}

/** A condition tree in one line, for node cards and traces. */
export function describeCondition(c: Condition, lang: Lang, names?: NameLookup): string {
  const ja = lang === 'ja'
  const tag = (id: string) => nameOf(names, 'tag', id)
  const field = (key: string) => nameOf(names, 'field', key)
  const flow = (id: string) => nameOf(names, 'flow', id)
  const op = (o: string) => opWords[o]?.[lang] ?? o
  switch (c.kind) {
    case 'and':
      return c.all.map((n) => describeCondition(n, lang, names)).join(ja ? ' かつ ' : ' AND ')
    case 'or':
      return `(${c.any.map((n) => describeCondition(n, lang, names)).join(ja ? ' または ' : ' OR ')})`
    case 'not':
      return ja
        ? `NOT(${describeCondition(c.cond, lang, names)})`
        : `NOT (${describeCondition(c.cond, lang, names)})`
    case 'tag':
      return ja
        ? `タグ「${tag(c.tagId)}」${c.has ? 'あり' : 'なし'}`
        : `${c.has ? 'has' : 'lacks'} tag "${tag(c.tagId)}"`
    case 'text':
      if (c.op === 'eq') return ja ? `${field(c.field)}が「${c.value}」` : `${field(c.field)} is "${c.value}"`
      if (c.op === 'empty' || c.op === 'notEmpty') return `${field(c.field)} ${op(c.op)}`
      return ja ? `${field(c.field)}${op(c.op)}「${c.value}」` : `${field(c.field)} ${op(c.op)} "${c.value}"`
    case 'number':
      return `${field(c.field)} ${op(c.op)} ${c.value}`
    case 'date': {
      const words: Record<DateOp, Text> = {
        before: { ja: `${c.date}より前`, en: `before ${c.date}` },
        after: { ja: `${c.date}より後`, en: `after ${c.date}` },
        on: { ja: `${c.date}`, en: `on ${c.date}` },
        withinNext: { ja: `今日から${c.days}日以内`, en: `within the next ${c.days} days` },
        withinPast: { ja: `過去${c.days}日以内`, en: `within the past ${c.days} days` },
      }
      return `${field(c.field)}${ja ? 'が' : ' '}${words[c.op][lang]}`
    }
    case 'select':
      return ja
        ? `${field(c.field)}が「${c.in.join('・')}」のどれか`
        : `${field(c.field)} in ${c.in.join(', ')}`
    case 'followed':
      return ja ? `友だち追加から ${op(c.op)} ${c.days}日` : `days since follow ${op(c.op)} ${c.days}`
    case 'clicked':
      return ja ? `クリック済み（${c.nodeId ?? c.url}）` : `clicked (${c.nodeId ?? c.url})`
    case 'postback':
      return ja ? `ポストバック「${c.data}」受信` : `postback "${c.data}" received`
    case 'scenario': {
      const s: Record<ScenarioState, Text> = {
        completed: { ja: '完了済み', en: 'completed' },
        active: { ja: '配信中', en: 'active in' },
        entered: { ja: '開始したことがある', en: 'entered' },
      }
      return ja
        ? `シナリオ「${flow(c.flowId)}」${s[c.state].ja}`
        : `${s[c.state].en} scenario "${flow(c.flowId)}"`
    }
  }
}
