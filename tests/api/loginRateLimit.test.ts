import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginLimits } from '../../api/auth/loginThrottle'
import { Browser, createStaff, startApi, startTestApi, type RunningApi } from './harness'

// Its own database: every request here comes from 127.0.0.1, so the per-IP count is shared by all tests.
type Api = Awaited<ReturnType<typeof startTestApi>>
let api: Api
let replica: RunningApi

const minutesAgo = (m: number) => new Date(Date.now() - m * 60 * 1000)

beforeAll(async () => {
  api = await startTestApi()
  // A second API replica on the same database: limits must hold across both.
  replica = await startApi(api.prisma)
})
afterAll(async () => {
  await replica?.close()
  await api?.close()
})

describe('login rate limits', () => {
  it('refuses the attempt after 5 failures for one e-mail across replicas, even with the right password', async () => {
    const alice = await createStaff(api.prisma, 'member', 'alice@example.com')
    // Three failures a minute ago (as another replica would have recorded them), two more now on each replica.
    await api.prisma.loginAttempt.createMany({
      data: [1, 1, 1].map((m) => ({
        key: 'email:alice@example.com',
        success: false,
        createdAt: minutesAgo(m),
      })),
    })
    expect((await new Browser(api.url).login(alice.email, 'wrong password 4')).status).toBe(401)
    expect((await new Browser(replica.url).login(alice.email, 'wrong password 5')).status).toBe(401)
    const blocked = await new Browser(replica.url).login(alice.email, alice.password)
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe('too_many_attempts')
    // Allowed again when the oldest of the five leaves the window, 14 minutes from now.
    const retryAfter = Number(blocked.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(13 * 60)
    expect(retryAfter).toBeLessThanOrEqual(14 * 60)
    expect(blocked.headers.get('set-cookie')).toBeNull()
    expect((await new Browser(api.url).login(alice.email, alice.password)).status).toBe(429)

    const audited = await api.prisma.auditLog.findFirst({
      where: { action: 'auth.login_failed' },
      orderBy: { id: 'desc' },
    })
    expect(audited?.details).toMatchObject({ email: alice.email, reason: 'rate_limited' })
  })

  it('counts only failures inside the 15-minute window and tells when to come back', async () => {
    const bob = await createStaff(api.prisma, 'member', 'bob@example.com')
    await api.prisma.loginAttempt.createMany({
      data: [
        // Outside the window: ignored.
        { key: 'email:bob@example.com', success: false, createdAt: minutesAgo(20) },
        { key: 'email:bob@example.com', success: false, createdAt: minutesAgo(16) },
        // Inside: four, the oldest 10 minutes ago.
        ...[10, 8, 6, 4].map((m) => ({
          key: 'email:bob@example.com',
          success: false,
          createdAt: minutesAgo(m),
        })),
      ],
    })
    // The fifth failure inside the window is still answered 401.
    expect((await new Browser(api.url).login(bob.email, 'wrong password')).status).toBe(401)
    const blocked = await new Browser(api.url).login(bob.email, bob.password)
    expect(blocked.status).toBe(429)
    // Allowed again when the failure from 10 minutes ago leaves the window: in about 5 minutes.
    const retryAfter = Number(blocked.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(4 * 60)
    expect(retryAfter).toBeLessThanOrEqual(5 * 60)
  })

  it('clears the e-mail count on a successful login', async () => {
    const carol = await createStaff(api.prisma, 'member', 'carol@example.com')
    const failures = (n: number, since: number) =>
      api.prisma.loginAttempt.createMany({
        data: Array.from({ length: n }, (_, i) => ({
          key: 'email:carol@example.com',
          success: false,
          createdAt: new Date(since + i),
        })),
      })
    await failures(loginLimits.perEmail - 1, minutesAgo(5).getTime())
    expect((await new Browser(api.url).login(carol.email, carol.password)).status).toBe(200)
    // Without the reset these would make 8 failures in the window.
    await failures(loginLimits.perEmail - 1, Date.now() + 1)
    expect((await new Browser(api.url).login(carol.email, carol.password)).status).toBe(200)
  })

  it('refuses everyone from an IP after 20 failures from it', async () => {
    const dave = await createStaff(api.prisma, 'member', 'dave@example.com')
    const recent = await api.prisma.loginAttempt.count({
      where: { key: 'ip:127.0.0.1', success: false, createdAt: { gt: minutesAgo(15) } },
    })
    const missing = loginLimits.perIp - recent
    expect(missing).toBeGreaterThan(1)
    await api.prisma.loginAttempt.createMany({
      data: Array.from({ length: missing - 1 }, (_, i) => ({
        key: 'ip:127.0.0.1',
        success: false,
        createdAt: minutesAgo(1 + i / 100),
      })),
    })
    // Failure number 20, for an e-mail never seen before, is still checked.
    expect((await new Browser(api.url).login('someone@example.com', 'guess')).status).toBe(401)
    const blocked = await new Browser(replica.url).login(dave.email, dave.password)
    expect(blocked.status).toBe(429)
    expect(blocked.body.error.code).toBe('too_many_attempts')
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})
