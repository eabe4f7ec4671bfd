import { describe, expect, it } from 'vitest'
import { regexInputMaxLength, textMatches } from '../../flow/match'
import { regexProblem } from '../../flow/matchSchemas'

const regex = (value: string) => ({ mode: 'regex' as const, value })

describe('regular expression matching', () => {
  // Under a backtracking engine each of these takes exponential time on 'aaa…b': 47 characters
  // already froze the worker for tens of seconds.
  it.each(['^(a|aa)+$', '^(a|a?)+$', '^(\\w|\\d)+$', '^(a+)+$', '^([a-z]*)*$'])(
    'runs %s on a 10,000-character message in linear time',
    (pattern) => {
      expect(regexProblem(pattern)).toBeNull()
      const text = 'a'.repeat(regexInputMaxLength - 1) + '!'
      const started = performance.now()
      expect(textMatches(regex(pattern), text)).toBe(false)
      expect(performance.now() - started).toBeLessThan(1_000)
    },
  )

  it('runs on the first 10,000 characters of a longer text', () => {
    const end = regex('b$')
    expect(textMatches(end, 'a'.repeat(regexInputMaxLength - 1) + 'b')).toBe(true)
    expect(textMatches(end, 'a'.repeat(regexInputMaxLength) + 'b')).toBe(false)
  })

  it('reads JavaScript escapes and named groups', () => {
    expect(textMatches(regex('^\\u3042+$'), 'あああ')).toBe(true)
    expect(textMatches(regex('^(?<code>[0-9]{3})$'), '123')).toBe(true)
    expect(textMatches(regex('^[0-9]{3}$'), '1234')).toBe(false)
  })

  it('refuses what RE2 cannot run with a message that says why', () => {
    expect(regexProblem('(?=a)b')?.en).toMatch(
      /unsupported regular expression \(lookaround and backreferences/,
    )
    expect(regexProblem('(a)\\1')?.ja).toContain('後方参照は使えません')
    expect(regexProblem('[')?.en).toContain('missing closing ]')
  })
})
