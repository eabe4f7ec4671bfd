import { describe, expect, it } from 'vitest'
import { text, useHarness, type Harness } from './harness'

let h: Harness
useHarness((started) => (h = started))

const usage = async () => (await h.line('GET', '/message/quota/consumption')).body.totalUsage as number

describe('monthly quota', () => {
  it('reports no limit by default and the configured limit otherwise', async () => {
    expect((await h.line('GET', '/message/quota')).body).toEqual({ type: 'none' })
    await h.admin('PUT', `/channels/${h.channelId}/limits`, { monthlyQuota: 200 })
    expect((await h.line('GET', '/message/quota')).body).toEqual({ type: 'limited', value: 200 })
  })

  it('counts push, multicast and broadcast per delivered recipient; reply is free', async () => {
    await h.admin('PUT', `/channels/${h.channelId}/limits`, { monthlyQuota: null, totalUsage: 0 })
    const follow = async () => {
      const userId = await h.user(undefined, false)
      const res = await h.admin('POST', `/channels/${h.channelId}/users/${userId}/follow`)
      return { userId, replyToken: res.body.replyToken as string }
    }
    const a = await follow()
    const b = await follow()
    expect(
      (await h.line('POST', '/message/reply', { replyToken: a.replyToken, messages: [text('free')] })).status,
    ).toBe(200)
    expect(await usage()).toBe(0)
    await h.line('POST', '/message/push', { to: a.userId, messages: [text('1'), text('2'), text('3')] })
    expect(await usage()).toBe(1)
    await h.line('POST', '/message/multicast', { to: [a.userId, b.userId], messages: [text('m')] })
    expect(await usage()).toBe(3)
    await h.line('POST', '/message/broadcast', { messages: [text('b')] })
    expect(await usage()).toBe(5)
  })

  it('answers 429 when a send would pass the monthly limit, and sends nothing', async () => {
    const a = await h.user()
    const b = await h.user()
    const friends = (await h.line('GET', '/followers/ids?limit=1000')).body.userIds.length
    await h.admin('PUT', `/channels/${h.channelId}/limits`, { monthlyQuota: 10, totalUsage: 9 })
    const multicast = await h.line('POST', '/message/multicast', { to: [a, b], messages: [text('two')] })
    expect(multicast.status).toBe(429)
    expect(multicast.body).toEqual({ message: 'You have reached your monthly limit.' })
    expect(await h.chat(a)).toHaveLength(0)

    expect((await h.line('POST', '/message/push', { to: a, messages: [text('last one')] })).status).toBe(200)
    expect(await usage()).toBe(10)
    expect((await h.line('POST', '/message/push', { to: b, messages: [text('over')] })).status).toBe(429)
    expect(friends).toBeGreaterThan(0)
    expect((await h.line('POST', '/message/broadcast', { messages: [text('over')] })).status).toBe(429)
    expect((await h.line('POST', '/message/narrowcast', { messages: [text('over')] })).status).toBe(429)
    expect(await h.chat(b)).toHaveLength(0)
    expect(await usage()).toBe(10)
  })

  it('starts again in a new month (Japan time)', async () => {
    await h.admin('PUT', `/channels/${h.channelId}/limits`, { monthlyQuota: 10, totalUsage: 10 })
    await h.admin('POST', '/clock/advance', { ms: 32 * 24 * 3_600_000 })
    expect(await usage()).toBe(0)
    const userId = await h.user()
    expect(
      (await h.line('POST', '/message/push', { to: userId, messages: [text('new month')] })).status,
    ).toBe(200)
  })
})
