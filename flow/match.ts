import type { EventMatcher, FriendEvent } from './context'

/**
 * Matching of friend text and postback data, shared by keyword triggers, wait-for-event nodes and
 * branch conditions (and by the dispatcher that routes webhooks to waiting runs).
 *
 * `exact` and `contains` compare normalized text: NFKC (full-width ＡＢＣ１２３ and half-width ｶﾅ fold
 * to their usual forms), trimmed, lower-case. `regex` runs on the text as received, with the `u` flag.
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
