import { z } from 'zod'
import type { EventMatcher, FriendEvent } from './context'
import { bi } from './i18n'

/**
 * Matching of friend text and postback data, shared by keyword triggers, wait-for-event nodes and
 * branch conditions (and by the dispatcher that routes webhooks to waiting runs).
 *
 * `exact` and `contains` compare normalized text: NFKC (full-width ＡＢＣ１２３ and half-width ｶﾅ fold
 * to their usual forms), trimmed, lower-case. `regex` runs on the text as received, with the `u` flag.
 */

export const regexMaxLength = 200

/** Nested quantifiers such as `(a+)+` can take exponential time: refused, since they run inside workflows. */
const nestedQuantifier = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/

export function regexProblem(source: string): { ja: string; en: string } | null {
  if (nestedQuantifier.test(source)) {
    return {
      ja: '繰り返しを入れ子にした正規表現は使えません（例: (a+)+）',
      en: 'Nested repetition such as (a+)+ is not allowed',
    }
  }
  try {
    new RegExp(source, 'u')
    return null
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    return { ja: `正規表現が正しくありません: ${detail}`, en: `Invalid regular expression: ${detail}` }
  }
}

export const textMatchSchema = z
  .strictObject({
    mode: z.enum(['exact', 'contains', 'regex']),
    value: z.string().min(1).max(regexMaxLength),
  })
  .superRefine((m, ctx) => {
    if (m.mode !== 'regex') return
    const problem = regexProblem(m.value)
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], ...bi(problem.ja, problem.en) })
  })

export type TextMatch = z.infer<typeof textMatchSchema>

export const dataMatchSchema = z.enum(['exact', 'prefix', 'contains'])
export type DataMatch = z.infer<typeof dataMatchSchema>

export function normalizeText(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase()
}

const compiled = new Map<string, RegExp>()

function regex(source: string): RegExp {
  let re = compiled.get(source)
  if (!re) {
    re = new RegExp(source, 'u')
    compiled.set(source, re)
  }
  return re
}

export function textMatches(m: TextMatch, text: string): boolean {
  switch (m.mode) {
    case 'exact':
      return normalizeText(text) === normalizeText(m.value)
    case 'contains':
      return normalizeText(text).includes(normalizeText(m.value))
    case 'regex':
      try {
        return regex(m.value).test(text)
      } catch {
        return false
      }
  }
}

/** Postback data is machine-made: compared as is. */
export function dataMatches(match: DataMatch, pattern: string, data: string): boolean {
  switch (match) {
    case 'exact':
      return data === pattern
    case 'prefix':
      return data.startsWith(pattern)
    case 'contains':
      return data.includes(pattern)
  }
}

export function matchesEvent(matcher: EventMatcher, event: FriendEvent): boolean {
  switch (matcher.kind) {
    case 'reply':
      return event.kind === 'reply' && (!matcher.match || textMatches(matcher.match, event.text))
    case 'postback':
      return event.kind === 'postback' && dataMatches(matcher.match, matcher.data, event.data)
    case 'tagAdded':
      return event.kind === 'tagAdded' && event.tagId === matcher.tagId
  }
}
