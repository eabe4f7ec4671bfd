import { afterEach, describe, expect, it } from 'vitest'
import { startHarness, text, type Harness } from './harness'

let h: Harness
afterEach(async () => h?.close())

describe('rate limits', () => {
  it('answers 429 past a per-channel limit and recovers when the window has passed', async () => {
    // A frozen base clock: only /_sim/clock/advance moves time, so the window is exact.
    h = await startHarness({ clock: () => 1_800_000_000_000 })
    const userId = await h.user()
    const limits = await h.admin('PUT', `/channels/${h.channelId}/limits`, { rateLimits: { push: 2 } })
    expect(limits.body.rateLimits.push).toEqual({ limit: 2, windowMs: 1000 })
    const send = () => h.line('POST', '/message/push', { to: userId, messages: [text('x')] })
    expect((await send()).status).toBe(200)
    expect((await send()).status).toBe(200)
    const third = await send()
    expect(third.status).toBe(429)
    expect(third.body).toEqual({ message: 'Too Many Requests' })
    expect(await h.chat(userId)).toHaveLength(2)
    // Other endpoints have their own budget.
    expect((await h.line('GET', `/profile/${userId}`)).status).toBe(200)
    await h.admin('POST', '/clock/advance', { ms: 1000 })
    expect((await send()).status).toBe(200)
  })

  it('keeps LINE’s defaults (broadcast 60/h) and takes installation-wide overrides', async () => {
    h = await startHarness({ clock: () => 1_800_000_000_000, rateLimits: { broadcast: { perHour: 1 } } })
    const defaults = await h.admin('GET', `/channels/${h.channelId}/limits`)
    expect(defaults.body.rateLimits).toMatchObject({
      multicast: { limit: 200, windowMs: 1000 },
      push: { limit: 2000, windowMs: 1000 },
      narrowcast: { limit: 60, windowMs: 3_600_000 },
      loading: { limit: 100, windowMs: 1000 },
      broadcast: { limit: 1, windowMs: 3_600_000 },
    })
    expect((await h.line('POST', '/message/broadcast', { messages: [text('1')] })).status).toBe(200)
    expect((await h.line('POST', '/message/broadcast', { messages: [text('2')] })).status).toBe(429)
    await h.admin('POST', '/clock/advance', { ms: 30 * 60_000 })
    expect((await h.line('POST', '/message/broadcast', { messages: [text('3')] })).status).toBe(429)
    await h.admin('POST', '/clock/advance', { ms: 30 * 60_000 })
    expect((await h.line('POST', '/message/broadcast', { messages: [text('4')] })).status).toBe(200)
    // A channel override of null goes back to the installation's setting.
    await h.admin('PUT', `/channels/${h.channelId}/limits`, { rateLimits: { broadcast: { perHour: 5 } } })
    expect((await h.admin('GET', `/channels/${h.channelId}/limits`)).body.rateLimits.broadcast.limit).toBe(5)
    await h.admin('PUT', `/channels/${h.channelId}/limits`, { rateLimits: { broadcast: null } })
    expect((await h.admin('GET', `/channels/${h.channelId}/limits`)).body.rateLimits.broadcast.limit).toBe(1)
  })

  it('counts the 429s in the request log', async () => {
    h = await startHarness({ clock: () => 1_800_000_000_000 })
    await h.admin('PUT', `/channels/${h.channelId}/limits`, {
      rateLimits: { quota: { limit: 1, windowMs: 60_000 } },
    })
    await h.line('GET', '/message/quota')
    await h.line('GET', '/message/quota')
    const log = await h.admin('GET', `/channels/${h.channelId}/requests?endpoint=quota`)
    expect(log.body.requests.map((r: { status: number }) => r.status)).toEqual([200, 429])
  })
})
