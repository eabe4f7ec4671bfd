import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { text, useHarness, type Harness } from './harness'

let h: Harness
useHarness((started) => (h = started))

const key = (k: string) => ({ 'x-line-retry-key': k })
/** A push with this X-Line-Retry-Key. */
const push = (retryKey: string, body: object) => h.line('POST', '/message/push', body, key(retryKey))

describe('X-Line-Retry-Key', () => {
  it('answers a repeated push with 409, the original request ID and sentMessages, and sends once', async () => {
    const userId = await h.user()
    const retryKey = randomUUID()
    const body = { to: userId, messages: [text('一回だけ')] }
    const first = await push(retryKey, body)
    expect(first.status).toBe(200)
    const firstId = first.headers.get('x-line-request-id')

    const again = await push(retryKey, body)
    expect(again.status).toBe(409)
    expect(again.body).toEqual({
      message: 'The retry key is already accepted',
      sentMessages: first.body.sentMessages,
    })
    expect(again.headers.get('x-line-accepted-request-id')).toBe(firstId)
    expect(again.headers.get('x-line-request-id')).not.toBe(firstId)

    const chat = await h.chat(userId)
    expect(chat).toHaveLength(1)
    expect(chat[0]).toMatchObject({ via: 'push', retryKey, requestId: firstId })
    expect((await h.line('GET', '/message/quota/consumption')).body.totalUsage).toBe(1)
    const log = await h.admin('GET', `/channels/${h.channelId}/requests?endpoint=push&status=409`)
    expect(log.body.requests).toEqual([expect.objectContaining({ retryKey, acceptedRequestId: firstId })])
  })

  it('works the same for multicast and broadcast (409 without sentMessages)', async () => {
    const a = await h.user()
    const b = await h.user()
    const multicastKey = randomUUID()
    const body = { to: [a, b], messages: [text('multi')] }
    expect((await h.line('POST', '/message/multicast', body, key(multicastKey))).status).toBe(200)
    const dup = await h.line('POST', '/message/multicast', body, key(multicastKey))
    expect(dup.status).toBe(409)
    expect(dup.body).toEqual({ message: 'The retry key is already accepted' })

    const broadcastKey = randomUUID()
    expect(
      (await h.line('POST', '/message/broadcast', { messages: [text('all')] }, key(broadcastKey))).status,
    ).toBe(200)
    expect(
      (await h.line('POST', '/message/broadcast', { messages: [text('all')] }, key(broadcastKey))).status,
    ).toBe(409)
    for (const user of [a, b]) {
      expect((await h.chat(user)).map((c) => c.message.text)).toEqual(['multi', 'all'])
    }
  })

  it('must be a UUID', async () => {
    const userId = await h.user()
    const res = await push('not-a-uuid', { to: userId, messages: [text('x')] })
    expect(res.status).toBe(400)
    expect(await h.chat(userId)).toHaveLength(0)
  })

  it('is forgotten after 24 hours (sim clock)', async () => {
    const userId = await h.user()
    const retryKey = randomUUID()
    const body = { to: userId, messages: [text('day one')] }
    expect((await push(retryKey, body)).status).toBe(200)
    await h.admin('POST', '/clock/advance', { ms: 23 * 3_600_000 })
    expect((await push(retryKey, body)).status).toBe(409)
    await h.admin('POST', '/clock/advance', { ms: 3_600_000 })
    expect((await push(retryKey, body)).status).toBe(200)
    expect(await h.chat(userId)).toHaveLength(2)
  })

  it('is not consumed by a failed request (validation error or fault)', async () => {
    const userId = await h.user()
    const retryKey = randomUUID()
    const invalid = await push(retryKey, { to: userId, messages: [] })
    expect(invalid.status).toBe(400)
    await h.admin('PUT', '/faults', { endpoint: 'push', errorRate: 1, status: 500 })
    const failed = await push(retryKey, { to: userId, messages: [text('x')] })
    expect(failed.status).toBe(500)
    await h.admin('DELETE', '/faults')
    const ok = await push(retryKey, { to: userId, messages: [text('x')] })
    expect(ok.status).toBe(200)
    expect(await h.chat(userId)).toHaveLength(1)
  })

  it('makes a retry after a lost answer (fault phase "after") safe: 500, then 409, one delivery', async () => {
    const userId = await h.user()
    const retryKey = randomUUID()
    const body = { to: userId, messages: [text('lost answer')] }
    await h.admin('PUT', '/faults', { endpoint: 'push', errorRate: 1, status: 500, phase: 'after', count: 1 })
    const lost = await push(retryKey, body)
    expect(lost.status).toBe(500)
    const retry = await push(retryKey, body)
    expect(retry.status).toBe(409)
    expect(retry.headers.get('x-line-accepted-request-id')).toBe(lost.headers.get('x-line-request-id'))
    expect(await h.chat(userId)).toHaveLength(1)
    await h.admin('DELETE', '/faults')
  })

  it('is refused on endpoints that do not take it', async () => {
    const userId = await h.user()
    const res = await h.line('GET', `/profile/${userId}`, undefined, key(randomUUID()))
    expect(res.status).toBe(400)
  })
})
