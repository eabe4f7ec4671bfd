import { describe, expect, it } from 'vitest'
import { safeNext } from '../../studio/src/lib/url'

describe('safeNext', () => {
  it.each(['/', '/scenarios/01H?tab=runs#top', '/friends?q=%2F%2Fevil', '/..//x'])(
    'keeps the same-site path %j',
    (next) => {
      expect(safeNext(next)).toBe(next)
    },
  )

  it.each([
    null,
    '',
    '/\t/evil.example', // the browser drops the tab: //evil.example
    '/\n/evil.example',
    '/\r\n/evil.example',
    '//evil.example',
    '/\\evil.example',
    '/\\/evil.example',
    '\\/evil.example',
    ' //evil.example',
    'https://evil.example',
    'javascript:alert(1)',
    'evil.example',
    '//[',
  ])('falls back to / for %j', (next) => {
    expect(safeNext(next)).toBe('/')
  })
})
