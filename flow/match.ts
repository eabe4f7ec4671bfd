import { RE2JS } from 're2js'
import type { EventMatcher, FriendEvent } from './context'

/**
 * Matching of friend text and postback data, shared by keyword triggers, wait-for-event nodes and
 * branch conditions (and by the dispatcher that routes webhooks to waiting runs).
 *
 * `exact` and `contains` compare normalized text: NFKC (full-width ＡＢＣ１２３ and half-width ｶﾅ fold
 * to their usual forms), trimmed, lower-case. `regex` runs on the text as received, in RE2 (re2js):
 * a friend's message runs through operators' patterns inside workflows, so matching must take time
 * linear in the text whatever the pattern — JavaScript's backtracking RegExp takes exponential time
 * on patterns like `^(a|aa)+$`. RE2 has no lookaround or backreferences (refused when saved), and
 * its `\s` is ASCII whitespace only (`[\s\u3000]` adds the full-width space).
 * The schemas are in matchSchemas.ts: this module runs inside workflows, which load no zod.
 */

export const textMatchModes = ['exact', 'contains', 'regex'] as const
export interface TextMatch {
  mode: (typeof textMatchModes)[number]
  value: string
}

export const dataMatchModes = ['exact', 'prefix', 'contains'] as const
export type DataMatch = (typeof dataMatchModes)[number]

export function normalizeText(s: string): string {
  return s.normalize('NFKC').trim().toLowerCase()
}

/** The longest text a pattern runs on: beyond, a text is cut, so no event makes matching take long. */
export const regexInputMaxLength = 10_000

/** Compiles an operator's pattern, JavaScript escapes (`\u3042`, `(?<name>…)`) included; throws if RE2 cannot run it. */
export function compileRegex(source: string): RE2JS {
  return RE2JS.compile(RE2JS.translateRegExp(source))
}

const compiled = new Map<string, RE2JS>()

function regex(source: string): RE2JS {
  let re = compiled.get(source)
  if (!re) {
    re = compileRegex(source)
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
        return regex(m.value).test(text.slice(0, regexInputMaxLength))
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
