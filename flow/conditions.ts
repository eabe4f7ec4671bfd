import { z } from 'zod'
import type { FieldValue, FriendEvent, FriendSnapshot } from './context'
import { bi, type Lang, type Text } from './i18n'
import { dataMatchSchema, dataMatches, normalizeText, type DataMatch } from './match'
import type { ContextIssue, NameLookup, ValidationContext } from './spec'
import { compareDates, daysBetween, localDate, parseDate, formatDate, type CivilDate } from './time'

/**
 * Branch conditions: a tree of AND / OR / NOT over facts about the friend. Evaluation is pure and
 * records every fact it looked at (`facts`), so a branch decision can show why it went where it went.
 * On an empty (or missing) field every comparison is false, except the negative text ones (`neq`,
 * `notContains`) and `empty`, which are true.
 */

export type Condition =
  | { kind: 'and'; all: Condition[] }
  | { kind: 'or'; any: Condition[] }
  | { kind: 'not'; cond: Condition }
  | { kind: 'tag'; tagId: string; has: boolean }
  | { kind: 'text'; field: string; op: TextOp; value?: string }
  | { kind: 'number'; field: string; op: NumberOp; value: number }
  | { kind: 'date'; field: string; op: DateOp; date?: string; days?: number }
  | { kind: 'select'; field: string; in: string[] }
  | { kind: 'followed'; op: NumberOp; days: number }
  | { kind: 'clicked'; nodeId?: string; url?: string }
  | { kind: 'postback'; data: string; match: DataMatch; nodeId?: string }
  | { kind: 'scenario'; flowId: string; state: ScenarioState }

export const textOps = ['eq', 'neq', 'contains', 'notContains', 'empty', 'notEmpty'] as const
export const numberOps = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as const
/** before/after/on a date; withinNext/withinPast N days of today (inclusive, channel calendar). */
export const dateOps = ['before', 'after', 'on', 'withinNext', 'withinPast'] as const
/** completed: finished the scenario at least once; active: in it now; entered: ever started it. */
export const scenarioStates = ['completed', 'active', 'entered'] as const

export type TextOp = (typeof textOps)[number]
export type NumberOp = (typeof numberOps)[number]
export type DateOp = (typeof dateOps)[number]
export type ScenarioState = (typeof scenarioStates)[number]

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

export interface EvalEnv {
  friend: FriendSnapshot
  now: number
  timezone: string
  flowId?: string
}

/** One fact looked at: where in the tree, what was found, and whether the leaf held. */
export interface Fact {
  path: string
  kind: Condition['kind']
  actual: unknown
  result: boolean
}

export interface Evaluation {
  result: boolean
  facts: Fact[]
}

function compareNumber(op: NumberOp, a: number, b: number): boolean {
  switch (op) {
    case 'eq':
      return a === b
    case 'ne':
      return a !== b
    case 'lt':
      return a < b
    case 'le':
      return a <= b
    case 'gt':
      return a > b
    case 'ge':
      return a >= b
  }
}

function fieldDate(value: FieldValue | undefined, timezone: string): CivilDate | null {
  if (!value || value.value === null) return null
  if (value.type === 'date') return parseDate(value.value)
  if (value.type === 'datetime') return localDate(value.value, timezone)
  return null
}

function fromThisFlow(e: { flowId?: string }, flowId: string | undefined): boolean {
  return e.flowId === undefined || flowId === undefined || e.flowId === flowId
}

function leaf(
  c: Exclude<Condition, { kind: 'and' | 'or' | 'not' }>,
  env: EvalEnv,
): { actual: unknown; result: boolean } {
  const { friend } = env
  switch (c.kind) {
    case 'tag': {
      const has = friend.tags.includes(c.tagId)
      return { actual: has, result: has === c.has }
    }
    case 'text': {
      const field = friend.fields[c.field]
      const raw = field && field.value !== null ? String(field.value) : ''
      const actual = normalizeText(raw)
      const value = normalizeText(c.value ?? '')
      const result = {
        eq: actual === value && actual !== '',
        neq: actual !== value,
        contains: actual !== '' && actual.includes(value),
        notContains: !actual.includes(value),
        empty: actual === '',
        notEmpty: actual !== '',
      }[c.op]
      return { actual: raw === '' ? null : raw, result }
    }
    case 'number': {
      const field = friend.fields[c.field]
      const actual =
        field?.type === 'number' ? field.value : field?.value != null ? Number(field.value) : null
      if (actual === null || !Number.isFinite(actual)) return { actual: null, result: false }
      return { actual, result: compareNumber(c.op, actual, c.value) }
    }
    case 'date': {
      const date = fieldDate(friend.fields[c.field], env.timezone)
      if (!date) return { actual: null, result: false }
      const today = localDate(env.now, env.timezone)
      let result: boolean
      if (c.op === 'withinNext') {
        const d = daysBetween(today, date)
        result = d >= 0 && d <= (c.days ?? 0)
      } else if (c.op === 'withinPast') {
        const d = daysBetween(date, today)
        result = d >= 0 && d <= (c.days ?? 0)
      } else {
        const other = parseDate(c.date ?? '')
        if (!other) return { actual: formatDate(date), result: false }
        const cmp = compareDates(date, other)
        result = c.op === 'before' ? cmp < 0 : c.op === 'after' ? cmp > 0 : cmp === 0
      }
      return { actual: formatDate(date), result }
    }
    case 'select': {
      const field = friend.fields[c.field]
      const actual = field && field.value !== null ? String(field.value) : null
      return { actual, result: actual !== null && c.in.includes(actual) }
    }
    case 'followed': {
      if (friend.followedAt === null) return { actual: null, result: false }
      const days = daysBetween(localDate(friend.followedAt, env.timezone), localDate(env.now, env.timezone))
      return { actual: days, result: compareNumber(c.op, days, c.days) }
    }
    case 'clicked': {
      const hit = friend.history.events.find(
        (e): e is Extract<FriendEvent, { kind: 'click' }> =>
          e.kind === 'click' &&
          (c.nodeId === undefined || (e.nodeId === c.nodeId && fromThisFlow(e, env.flowId))) &&
          (c.url === undefined || e.url === c.url),
      )
      return { actual: hit ? { at: hit.at, url: hit.url } : null, result: hit !== undefined }
    }
    case 'postback': {
      const hit = friend.history.events.find(
        (e): e is Extract<FriendEvent, { kind: 'postback' }> =>
          e.kind === 'postback' &&
          dataMatches(c.match, c.data, e.data) &&
          (c.nodeId === undefined || (e.nodeId === c.nodeId && fromThisFlow(e, env.flowId))),
      )
      return { actual: hit ? { at: hit.at, data: hit.data } : null, result: hit !== undefined }
    }
    case 'scenario': {
      const records = friend.history.scenarios.filter((s) => s.flowId === c.flowId)
      const result =
        c.state === 'entered'
          ? records.length > 0
          : c.state === 'active'
            ? records.some((r) => r.state === 'active')
            : records.some((r) => r.state === 'completed')
      return { actual: records.map((r) => r.state), result }
    }
  }
}

/** Evaluates with short-circuit (AND stops at the first false, OR at the first true). */
export function evaluateCondition(c: Condition, env: EvalEnv, path = 'when'): Evaluation {
  const facts: Fact[] = []
  const walk = (node: Condition, at: string): boolean => {
    switch (node.kind) {
      case 'and':
        return node.all.every((n, i) => walk(n, `${at}.all.${i}`))
      case 'or':
        return node.any.some((n, i) => walk(n, `${at}.any.${i}`))
      case 'not':
        return !walk(node.cond, `${at}.cond`)
      default: {
        const { actual, result } = leaf(node, env)
        facts.push({ path: at, kind: node.kind, actual, result })
        return result
      }
    }
  }
  return { result: walk(c, path), facts }
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
  const tag = (id: string) => names?.tag?.(id) ?? id
  const field = (key: string) => names?.field?.(key) ?? key
  const flow = (id: string) => names?.flow?.(id) ?? id
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
