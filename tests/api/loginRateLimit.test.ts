import { describe, expect, it } from 'vitest'
import { loginLimits } from '../../api/auth/loginThrottle'
import { Browser, createStaff } from './harness'
import { useTestApi } from './useTestApi'

// Its own database, with a second API replica on it: limits must hold across both. The API trusts
// X-Forwarded-For from loopback (TRUST_PROXY), so each test signs in "from" addresses of its own.
const t = useTestApi({ replica: true })

const minutesAgo = (m: number) => new Date(Date.now() - m * 60 * 1000)
const loginFrom = (url: string, ip: string, email: string, password: string) =>
  new Browser(url).call('POST', '/api/auth/login', {
    body: { email, password },
    headers: { 'x-forwarded-for': ip },
  })
/** Failures recorded as the API records them, `minutes` ago each. */
const pastFailures = (email: string, ip: string, minutes: number[]) =>
  t.api.prisma.loginAttempt.createMany({
    data: minutes.map((m) => ({ key: `email+ip:${email} ${ip}`, success: false, createdAt: minutesAgo(m) })),
  })

describe('login rate limits', () => {
  it('five failures for one account from one IP make that IP wait, even with the right password, across replicas', async () => {
    const alice = await createStaff(t.api.prisma, 'member', 'alice@example.com')
    const ip = '203.0.113.1'
    for (const url of [t.api.url, t.replica.url, t.api.url, t.replica.url, t.api.url]) {
      expect((await loginFrom(url, ip, alice.email, 'wrong password')).status).toBe(401)
    }
    const blocked = await loginFrom(t.replica.url, ip, alice.email, alice.password)
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe('too_many_attempts')
    // The first wait after the allowance: one back-off step from the latest failure.
    const retryAfter = Number(blocked.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(loginLimits.backoffMs / 1000 - 10)
    expect(retryAfter).toBeLessThanOrEqual(loginLimits.backoffMs / 1000)
    expect(blocked.headers.get('set-cookie')).toBeNull()

    const audited = await t.api.prisma.auditLog.findFirst({
      where: { action: 'auth.login_failed' },
      orderBy: { id: 'desc' },
    })
    expect(audited?.details).toMatchObject({ email: alice.email, reason: 'rate_limited' })
  })

  it('cannot lock the owner out: another IP still signs in', async () => {
    const owner = await createStaff(t.api.prisma, 'owner', 'owner@example.com')
    for (let i = 0; i < loginLimits.perAccountIp; i++) {
      expect((await loginFrom(t.api.url, '203.0.113.2', owner.email, `guess ${i}`)).status).toBe(401)
    }
    expect((await loginFrom(t.api.url, '203.0.113.2', owner.email, owner.password)).status).toBe(429)
    expect((await loginFrom(t.replica.url, '198.51.100.2', owner.email, owner.password)).status).toBe(200)
  })

  it('doubles the wait with each further failure, up to the 15-minute window', async () => {
    const bob = await createStaff(t.api.prisma, 'member', 'bob@example.com')
    const ip = '203.0.113.3'
    const waitNow = async () =>
      Number((await loginFrom(t.api.url, ip, bob.email, bob.password)).headers.get('retry-after'))
    // Outside the window: ignored. Inside: five, the latest a minute ago: waited out.
    await pastFailures(bob.email, ip, [20, 16, 9, 8, 7, 5, 1])
    expect((await loginFrom(t.api.url, ip, bob.email, 'wrong password')).status).toBe(401)
    // Six failures: twice the first wait, from the one just now.
    const doubled = await waitNow()
    expect(doubled).toBeGreaterThan(2 * 60 - 10)
    expect(doubled).toBeLessThanOrEqual(2 * 60)
    // Nine: 16 times the first wait, cut to the window.
    await pastFailures(bob.email, ip, [0.5, 0.4, 0.3])
    const capped = await waitNow()
    expect(capped).toBeGreaterThan(15 * 60 - 30)
    expect(capped).toBeLessThanOrEqual(15 * 60)
  })

  it('clears the pair’s count on a successful login', async () => {
    const carol = await createStaff(t.api.prisma, 'member', 'carol@example.com')
    const ip = '203.0.113.4'
    await pastFailures(carol.email, ip, [5, 5, 5, 5])
    expect((await loginFrom(t.api.url, ip, carol.email, carol.password)).status).toBe(200)
    // Without the reset these would make eight failures in the window.
    await pastFailures(carol.email, ip, [0, 0, 0, 0])
    expect((await loginFrom(t.api.url, ip, carol.email, carol.password)).status).toBe(200)
  })

  it('refuses everyone from an IP after 20 failures from it', async () => {
    const dave = await createStaff(t.api.prisma, 'member', 'dave@example.com')
    const ip = '203.0.113.5'
    await t.api.prisma.loginAttempt.createMany({
      data: Array.from({ length: loginLimits.perIp - 1 }, (_, i) => ({
        key: `ip:${ip}`,
        success: false,
        createdAt: minutesAgo(1 + i / 100),
      })),
    })
    // Failure number 20, for an e-mail never seen before, is still checked.
    expect((await loginFrom(t.api.url, ip, 'someone@example.com', 'guess')).status).toBe(401)
    const blocked = await loginFrom(t.replica.url, ip, dave.email, dave.password)
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe('too_many_attempts')
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another IP is not affected.
    expect((await loginFrom(t.replica.url, '198.51.100.5', dave.email, dave.password)).status).toBe(200)
  })
})
