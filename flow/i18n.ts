/** Text shown to marketers, in both languages the studio offers. */
export interface Text {
  ja: string
  en: string
}

export type Lang = keyof Text

export function text(ja: string, en: string): Text {
  return { ja, en }
}

/**
 * Options for a zod `refine`/`addIssue` whose message the studio must show in both languages: the
 * English text is the message, both travel in `params` and are picked up by `describeIssue`.
 */
export function bi(ja: string, en: string): { message: string; params: Text } {
  return { message: en, params: { ja, en } }
}
