import { z } from 'zod'
import { bi } from './i18n'
import { compileRegex, dataMatchModes, textMatchModes } from './match'

/** Validation of text and postback-data matching (match.ts runs them). */

export const regexMaxLength = 200

/** A pattern RE2 cannot run (lookaround, backreferences, bad syntax) is refused here, not silently never matched. */
export function regexProblem(source: string): { ja: string; en: string } | null {
  try {
    compileRegex(source)
    return null
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    return {
      ja: `正規表現が正しくないか、使えない書き方です（先読み・後読み・後方参照は使えません）: ${detail}`,
      en: `Invalid or unsupported regular expression (lookaround and backreferences are not supported): ${detail}`,
    }
  }
}

export const textMatchSchema = z
  .strictObject({
    mode: z.enum(textMatchModes),
    value: z.string().min(1).max(regexMaxLength),
  })
  .superRefine((m, ctx) => {
    if (m.mode !== 'regex') return
    const problem = regexProblem(m.value)
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], ...bi(problem.ja, problem.en) })
  })

export const dataMatchSchema = z.enum(dataMatchModes)
