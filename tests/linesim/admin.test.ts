import { describe, expect, it } from 'vitest'
import { text, useHarness, type Harness } from './harness'

let h: Harness
useHarness((started) => (h = started))

describe('admin API', () => {
  it('upserts channels idempotently and keeps the generated bot user ID', async () => {
    const body = {
      secret: 's',
      accessToken: 'other-token',
      webhookUrl: 'http://127.0.0.1:1234/hook',
      name: 'Shop',
    }
    const first = await h.admin('PUT', '/channels/shop-1', body)
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      channelId: 'shop-1',
      name: 'Shop',
      botUserId: expect.stringMatching(/^U[0-9a-f]{32}$/),
    })
    const again = await h.admin('PUT', '/channels/shop-1', body)
    expect(again.body).toEqual(first.body)
    const fixed = await h.admin('PUT', '/channels/shop-1', { ...body, botUserId: `U${'b'.repeat(32)}` })
    expect(fixed.body.botUserId).toBe(`U${'b'.repeat(32)}`)
    expect(
      (await h.admin('GET', '/channels')).body.channels.map((c: { channelId: string }) => c.channelId),
    ).toContain('shop-1')
    // An access token identifies one channel.
    const clash = await h.admin('PUT', '/channels/shop-2', { ...body })
    expect(clash.status).toBe(409)
    expect((await h.admin('PUT', '/channels/shop-1', { secret: 's' })).status).toBe(400)
    expect((await h.admin('GET', '/channels/none')).status).toBe(404)
  })

  it('creates users (201, not yet friends) and tracks follow state', async () => {
    const created = await h.admin('POST', `/channels/${h.channelId}/users`, { displayName: '田中' })
    expect(created.status).toBe(201)
    expect(created.body).toEqual(
      expect.objectContaining({
        userId: expect.stringMatching(/^U[0-9a-f]{32}$/),
        displayName: '田中',
        pictureUrl: null,
        statusMessage: null,
        language: null,
        followState: 'none',
      }),
    )
    const userId = created.body.userId
    const state = async () =>
      (await h.admin('GET', `/channels/${h.channelId}/users`)).body.users.find(
        (u: { userId: string }) => u.userId === userId,
      ).followState
    await h.admin('POST', `/channels/${h.channelId}/users/${userId}/follow`)
    expect(await state()).toBe('following')
    expect((await h.admin('POST', `/channels/${h.channelId}/users/${userId}/follow`)).status).toBe(409)
    await h.admin('POST', `/channels/${h.channelId}/users/${userId}/unfollow`)
    expect(await state()).toBe('blocked')
    expect(
      (await h.admin('POST', `/channels/${h.channelId}/users/${userId}/messages`, text('hi'))).status,
    ).toBe(409)
    expect((await h.admin('POST', `/channels/${h.channelId}/users`, { displayName: '' })).status).toBe(400)
  })

  it('keeps the chat in order with direction, time, message and how it was sent', async () => {
    const userId = await h.user()
    const sent = await h.admin('POST', `/channels/${h.channelId}/users/${userId}/messages`, text('質問です'))
    await h.line('POST', '/message/reply', { replyToken: sent.body.replyToken, messages: [text('回答です')] })
    await h.line('POST', '/message/push', {
      to: userId,
      messages: [{ type: 'sticker', packageId: '1', stickerId: '2' }],
    })
    await h.admin('POST', `/channels/${h.channelId}/users/${userId}/postback`, {
      data: 'x=1',
      displayText: '予約する',
    })
    const items = await h.chat(userId)
    expect(items.map((i) => [i.direction, i.via ?? null, i.message.type])).toEqual([
      ['user', null, 'text'],
      ['bot', 'reply', 'text'],
      ['bot', 'push', 'sticker'],
      ['user', null, 'text'],
    ])
    expect(items[0]?.id).toBe(sent.body.event.message.id)
    for (const item of items) expect(new Date(item.at).toISOString()).toBe(item.at)
    expect(items[2]?.requestId).toEqual(expect.any(String))
  })

  it('logs Messaging API requests and filters them by endpoint', async () => {
    const userId = await h.user()
    await h.line('POST', '/message/push', { to: userId, messages: [text('logged')] })
    await h.line('GET', `/profile/${userId}`)
    const pushes = (await h.admin('GET', `/channels/${h.channelId}/requests?endpoint=push`)).body.requests
    const last = pushes.at(-1)
    expect(last).toMatchObject({
      method: 'POST',
      path: '/v2/bot/message/push',
      endpoint: 'push',
      status: 200,
      body: { to: userId, messages: [text('logged')] },
      retryKey: null,
      requestId: expect.any(String),
      at: expect.any(String),
      response: { sentMessages: [expect.any(Object)] },
    })
    const all = (await h.admin('GET', `/channels/${h.channelId}/requests`)).body.requests
    expect(all.some((r: { endpoint: string }) => r.endpoint === 'profile')).toBe(true)
    expect(pushes.every((r: { endpoint: string }) => r.endpoint === 'push')).toBe(true)
  })

  it('reports and advances the clock', async () => {
    const before = (await h.admin('GET', '/clock')).body
    const after = (await h.admin('POST', '/clock/advance', { ms: 86_400_000 })).body
    expect(after.now - before.now).toBeGreaterThanOrEqual(86_400_000)
    expect(after.offsetMs - before.offsetMs).toBe(86_400_000)
    expect((await h.admin('POST', '/clock/advance', { ms: -1 })).status).toBe(400)
  })

  it('answers healthz', async () => {
    expect((await h.admin('GET', '/healthz')).body).toEqual({ ok: true })
  })
})
