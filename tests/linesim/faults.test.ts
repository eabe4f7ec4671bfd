import { afterEach, describe, expect, it } from 'vitest'
import { text, useHarness, type Harness } from './harness'

let h: Harness
let userId: string
useHarness(async (started) => {
  h = started
  userId = await h.user()
})
afterEach(async () => {
  await h.admin('DELETE', '/faults')
})

const push = (t = 'x') => h.line('POST', '/message/push', { to: userId, messages: [text(t)] })

describe('fault injection', () => {
  it('fails every matching request at error rate 1, sending nothing', async () => {
    const before = (await h.chat(userId)).length
    const set = await h.admin('PUT', '/faults', { endpoint: 'push', errorRate: 1, status: 503 })
    expect(set.body.faults).toEqual([
      expect.objectContaining({ endpoint: 'push', errorRate: 1, status: 503 }),
    ])
    const res = await push()
    expect(res.status).toBe(503)
    expect(res.body).toEqual({ message: expect.any(String) })
    expect(res.headers.get('x-line-request-id')).toBeTruthy()
    expect(await h.chat(userId)).toHaveLength(before)
    // Other endpoints are untouched.
    expect((await h.line('GET', '/info')).status).toBe(200)
    const log = await h.admin('GET', `/channels/${h.channelId}/requests?endpoint=push&status=503`)
    expect(log.body.requests[0]).toMatchObject({ fault: true })
  })

  it('fails only the next `count` requests when asked', async () => {
    await h.admin('PUT', '/faults', { endpoint: '*', errorRate: 1, count: 2 })
    expect((await push()).status).toBe(500)
    expect((await h.line('GET', '/info')).status).toBe(500)
    expect((await push()).status).toBe(200)
  })

  it('holds an outage for its duration on the sim clock', async () => {
    await h.admin('PUT', '/faults', { outageMs: 60_000, status: 500 })
    expect((await push()).status).toBe(500)
    expect((await h.line('GET', '/message/quota')).status).toBe(500)
    await h.admin('POST', '/clock/advance', { ms: 60_000 })
    expect((await push()).status).toBe(200)
  })

  it('adds latency', async () => {
    await h.admin('PUT', '/faults', { endpoint: 'push', latencyMs: 300 })
    const started = performance.now()
    const res = await push('slow')
    expect(res.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    const fast = performance.now()
    await h.line('GET', '/info')
    expect(performance.now() - fast).toBeLessThan(250)
  })

  it('drops a request whose caller gives up during the latency (never reached LINE)', async () => {
    await h.admin('PUT', '/faults', { endpoint: 'push', latencyMs: 400 })
    const before = (await h.chat(userId)).length
    const aborted = fetch(`${h.url}/v2/bot/message/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: userId, messages: [text('abandoned')] }),
      signal: AbortSignal.timeout(100),
    })
    await expect(aborted).rejects.toThrow()
    await new Promise((r) => setTimeout(r, 500))
    expect(await h.chat(userId)).toHaveLength(before)
    const log = await h.admin('GET', `/channels/${h.channelId}/requests?endpoint=push&status=499`)
    expect(log.body.requests).toHaveLength(1)
  })

  it('clears faults', async () => {
    await h.admin('PUT', '/faults', { errorRate: 1 })
    const cleared = await h.admin('DELETE', '/faults')
    expect(cleared.body).toEqual({ faults: [] })
    expect((await push()).status).toBe(200)
  })

  it('rejects nonsense fault settings', async () => {
    expect((await h.admin('PUT', '/faults', { errorRate: 2 })).status).toBe(400)
    expect((await h.admin('PUT', '/faults', { endpoint: 'teleport' })).status).toBe(400)
  })
})
