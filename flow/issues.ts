import type { z } from 'zod'
import type { Text } from './i18n'

type Issue = z.core.$ZodIssue

function isText(value: unknown): value is Text {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Text).ja === 'string' &&
    typeof (value as Text).en === 'string'
  )
}

const typeNames: Record<string, Text> = {
  string: { ja: '文字列', en: 'text' },
  number: { ja: '数値', en: 'a number' },
  int: { ja: '整数', en: 'a whole number' },
  boolean: { ja: 'オン/オフ', en: 'true or false' },
  array: { ja: '一覧', en: 'a list' },
  object: { ja: '項目の組', en: 'an object' },
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ')
}

/**
 * A zod issue as a message for a marketer, in Japanese and English. Schema authors give their own
 * wording with `bi(ja, en)` (custom issues); zod's built-in checks get plain wording here, without the
 * type jargon of zod's own locales ("stringは…").
 */
export function describeIssue(issue: Issue): Text {
  const params = (issue as { params?: unknown }).params
  if (isText(params)) return params
  switch (issue.code) {
    case 'invalid_type': {
      if (!('input' in issue) || issue.input === undefined) return { ja: '入力が必要です', en: 'Required' }
      const name = typeNames[issue.expected] ?? { ja: issue.expected, en: issue.expected }
      return { ja: `${name.ja}で指定してください`, en: `Expected ${name.en}` }
    }
    case 'too_small': {
      const min = Number(issue.minimum)
      if (issue.origin === 'string') {
        if (min <= 1) return { ja: '入力してください', en: 'Required' }
        return { ja: `${min}文字以上で入力してください`, en: `At least ${min} characters` }
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return { ja: `${min}件以上指定してください`, en: `At least ${min} item${min === 1 ? '' : 's'}` }
      }
      return issue.inclusive
        ? { ja: `${min}以上にしてください`, en: `Must be ${min} or more` }
        : { ja: `${min}より大きくしてください`, en: `Must be greater than ${min}` }
    }
    case 'too_big': {
      const max = Number(issue.maximum)
      if (issue.origin === 'string') {
        return { ja: `${max}文字以内で入力してください`, en: `At most ${max} characters` }
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return { ja: `${max}件までです`, en: `At most ${max} item${max === 1 ? '' : 's'}` }
      }
      return issue.inclusive
        ? { ja: `${max}以下にしてください`, en: `Must be ${max} or less` }
        : { ja: `${max}より小さくしてください`, en: `Must be less than ${max}` }
    }
    case 'invalid_value':
      return {
        ja: `次のいずれかを選んでください: ${quoteList(issue.values)}`,
        en: `Choose one of: ${quoteList(issue.values)}`,
      }
    case 'invalid_format':
      if (issue.format === 'url') return { ja: 'https:// で始まるURLを入力してください', en: issue.message }
      return { ja: '形式が正しくありません', en: issue.message }
    case 'not_multiple_of':
      return {
        ja: `${String(issue.divisor)}の倍数にしてください`,
        en: `Must be a multiple of ${String(issue.divisor)}`,
      }
    case 'unrecognized_keys':
      return {
        ja: `使えない項目があります: ${issue.keys.join(', ')}`,
        en: `Unknown field${issue.keys.length === 1 ? '' : 's'}: ${issue.keys.join(', ')}`,
      }
    case 'invalid_union': {
      if ('options' in issue && Array.isArray(issue.options)) {
        return {
          ja: `種類は次のいずれかです: ${quoteList(issue.options)}`,
          en: `Kind must be one of: ${quoteList(issue.options)}`,
        }
      }
      return { ja: '指定の形が正しくありません', en: 'Does not match any allowed form' }
    }
    case 'invalid_key':
    case 'invalid_element':
      return { ja: '一覧の中に正しくない値があります', en: 'Contains an invalid entry' }
    default:
      return { ja: issue.message, en: issue.message }
  }
}

/** `['messages', 0, 'text']` → `messages.0.text`: the form the studio matches against field hints. */
export function pathString(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.')
}
