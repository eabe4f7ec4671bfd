import { z } from 'zod'
import { bi } from './i18n'
import { dataMatchModes, textMatchModes } from './match'

/** Validation of text and postback-data matching (match.ts runs them). */

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
    mode: z.enum(textMatchModes),
    value: z.string().min(1).max(regexMaxLength),
  })
  .superRefine((m, ctx) => {
    if (m.mode !== 'regex') return
    const problem = regexProblem(m.value)
    if (problem) ctx.addIssue({ code: 'custom', path: ['value'], ...bi(problem.ja, problem.en) })
  })

export const dataMatchSchema = z.enum(dataMatchModes)
