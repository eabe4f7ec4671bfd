import { describe, expect, it } from 'vitest'
import { useTestApi } from './useTestApi'

const t = useTestApi({ roles: ['owner'], channel: true })

describe('security headers', () => {
  it('are sent with JSON answers and the docs UI: no framing, no sniffing, no referrer', async () => {
    for (const path of ['/api/auth/state', '/docs/static/index.html']) {
      const res = await fetch(`${t.api.url}${path}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      const csp = res.headers.get('content-security-policy')
      expect(csp).toContain("frame-ancestors 'none'")
      // The docs UI loads its own scripts only.
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain('upgrade-insecure-requests')
    }
  })
})

describe('NUL characters', () => {
  it('are refused with 400 in query strings, path parameters and JSON bodies', async () => {
    for (const res of [
      await t.owner.get('/api/friends?q=%00'),
      await t.owner.get('/api/friends/%00'),
      await t.owner.post('/api/tags', { name: 'VIP\u0000' }),
      await t.owner.post('/api/tags', { name: 'VIP', ['x\u0000']: 1 }),
    ]) {
      expect(res.status).toBe(400)
      expect(res.body.error).toEqual({
        code: 'invalid_request',
        message: 'Text may not contain the NUL character (U+0000)',
      })
    }
    expect(await t.api.prisma.tag.count()).toBe(0)
  })
})
