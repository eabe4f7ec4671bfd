import type { FieldValue, FriendEvent, FriendSnapshot } from './context'
import { dataMatches, normalizeText, type DataMatch } from './match'
import { compareDates, daysBetween, formatDate, localDate, parseDate, type CivilDate } from './time'

/**
 * Evaluating branch conditions (the schemas and checks are in conditions.ts; this part runs inside
 * workflows, which load no zod).
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
