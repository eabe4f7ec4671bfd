import { createHmac } from 'node:crypto'
import { decodeTime, isValid as isUlid } from 'ulid'
import { beforeEach, describe, expect, it } from 'vitest'
import { closedPortUrl, text, useHarness, type Harness } from './harness'

let h: Harness
useHarness((started) => (h = started))
beforeEach(() => {
  h.receiver.received.length = 0
  h.receiver.status = 200
  h.receiver.onWebhook = null
})

const base = () => `/channels/${h.channelId}`
const lastHook = () => {
  const hook = h.receiver.received.at(-1)
  if (!hook) throw new Error('no webhook received')
  return hook
}

describe('webhook requests', () => {
  it('are signed with HMAC-SHA256 of the raw body and carry LINE’s headers', async () => {
    const userId = await h.user()
    const hook = lastHook()
    expect(hook.signatureValid).toBe(true)
    const expected = createHmac('sha256', h.secret).update(hook.rawBody).digest('base64')
    expect(hook.headers['x-line-signature']).toBe(expected)
    expect(hook.headers['user-agent']).toBe('LineBotWebhook/2.0')
    expect(hook.headers['content-type']).toMatch(/^application\/json/)
    const channel = await h.admin('GET', base())
    expect(hook.body.destination).toBe(channel.body.botUserId)
    expect(hook.body.destination).toMatch(/^U[0-9a-f]{32}$/)
    expect(hook.body.events[0]).toMatchObject({ type: 'follow', source: { type: 'user', userId } })
  })

  it('carry follow, message, postback and unfollow events shaped like LINE’s', async () => {
    const userId = await h.user('イベント', false)
    const follow = await h.admin('POST', `${base()}/users/${userId}/follow`)
    expect(follow.body.delivery).toMatchObject({ statusCode: 200, durationMs: expect.any(Number) })
    const followEvent = lastHook().body.events[0] ?? {}
    expect(followEvent).toEqual({
      type: 'follow',
      mode: 'active',
      timestamp: expect.any(Number),
      source: { type: 'user', userId },
      webhookEventId: follow.body.webhookEventId,
      deliveryContext: { isRedelivery: false },
      replyToken: follow.body.replyToken,
      follow: { isUnblocked: false },
    })
    expect(isUlid(followEvent.webhookEventId as string)).toBe(true)
    expect(decodeTime(followEvent.webhookEventId as string)).toBe(followEvent.timestamp)

    await h.admin('POST', `${base()}/users/${userId}/messages`, text('こんにちは'))
    expect(lastHook().body.events[0]).toMatchObject({
      type: 'message',
      replyToken: expect.stringMatching(/^[0-9a-f]{32}$/),
      message: {
        type: 'text',
        id: expect.stringMatching(/^\d+$/),
        quoteToken: expect.any(String),
        text: 'こんにちは',
      },
    })
    await h.admin('POST', `${base()}/users/${userId}/messages`, {
      type: 'sticker',
      packageId: '446',
      stickerId: '1988',
    })
    expect(lastHook().body.events[0]?.message).toMatchObject({
      type: 'sticker',
      packageId: '446',
      stickerId: '1988',
      stickerResourceType: 'STATIC',
    })
    await h.admin('POST', `${base()}/users/${userId}/postback`, {
      data: 'a=1',
      params: { date: '2026-01-01' },
    })
    expect(lastHook().body.events[0]).toMatchObject({
      type: 'postback',
      replyToken: expect.any(String),
      postback: { data: 'a=1', params: { date: '2026-01-01' } },
    })
    const unfollow = await h.admin('POST', `${base()}/users/${userId}/unfollow`)
    expect(unfollow.body.replyToken).toBeNull()
    const unfollowEvent = lastHook().body.events[0]
    expect(unfollowEvent).toMatchObject({ type: 'unfollow', source: { userId } })
    expect(unfollowEvent).not.toHaveProperty('replyToken')

    const refollow = await h.admin('POST', `${base()}/users/${userId}/follow`)
    expect(refollow.body.event.follow).toEqual({ isUnblocked: true })
    // The user's own messages are in the chat log, in order.
    const chat = await h.chat(userId)
    expect(chat.map((c) => [c.direction, c.message.type])).toEqual([
      ['user', 'text'],
      ['user', 'sticker'],
    ])
  })

  it('can carry several events (from different users) in one request, filling in what is missing', async () => {
    const a = await h.user()
    const b = await h.user()
    h.receiver.received.length = 0
    const res = await h.admin('POST', `${base()}/webhook`, {
      events: [
        { type: 'message', source: { type: 'user', userId: a }, message: { type: 'text', text: 'from a' } },
        { type: 'follow', source: { type: 'user', userId: b }, follow: { isUnblocked: false } },
        { type: 'somethingNew', source: { type: 'user', userId: b }, custom: { x: 1 } },
        { type: 'leave', source: { type: 'group', groupId: 'C1' } },
      ],
    })
    expect(res.status).toBe(200)
    expect(h.receiver.received).toHaveLength(1)
    const events = lastHook().body.events
    expect(events).toHaveLength(4)
    expect(new Set(events.map((e) => e.webhookEventId)).size).toBe(4)
    expect(res.body.webhookEventIds).toEqual(events.map((e) => e.webhookEventId))
    expect(events[0]).toMatchObject({
      mode: 'active',
      replyToken: expect.any(String),
      message: { id: expect.any(String) },
    })
    expect(events[2]).toMatchObject({
      type: 'somethingNew',
      custom: { x: 1 },
      deliveryContext: { isRedelivery: false },
    })
    expect(events[2]).not.toHaveProperty('replyToken')
    expect(events[3]).not.toHaveProperty('replyToken')
    // The simulated world follows the events: a user who never followed is now a friend with a profile.
    const stranger = await h.user('見知らぬ', false)
    await h.admin('POST', `${base()}/webhook`, {
      events: [
        { type: 'follow', source: { type: 'user', userId: stranger }, follow: { isUnblocked: false } },
      ],
    })
    expect((await h.line('GET', `/profile/${stranger}`)).body.displayName).toBe('見知らぬ')
    // The reply token of a hand-made event works like any other.
    const reply = await h.line('POST', '/message/reply', {
      replyToken: events[0]?.replyToken,
      messages: [text('ok')],
    })
    expect(reply.status).toBe(200)
    expect((await h.chat(a)).map((c) => c.message.text)).toEqual(['from a', 'ok'])
  })

  it('sends raw events untouched and can forge the signature (for receivers’ negative tests)', async () => {
    const raw = { type: 'weird', timestamp: 1 }
    await h.admin('POST', `${base()}/webhook`, { events: [raw], raw: true })
    expect(lastHook().body.events).toEqual([raw])
    const forged = await h.admin('POST', `${base()}/webhook`, { events: [], signature: 'AAAA' })
    expect(lastHook().signatureValid).toBe(false)
    expect(forged.body.delivery.statusCode).toBe(401)
  })

  it('redelivers an event with the same ID, timestamp and reply token, flagged isRedelivery', async () => {
    const userId = await h.user(undefined, false)
    const follow = await h.admin('POST', `${base()}/users/${userId}/follow`)
    const original = lastHook().body.events[0]
    const again = await h.admin('POST', `${base()}/redeliver`, { webhookEventId: follow.body.webhookEventId })
    expect(again.status).toBe(200)
    const redelivered = lastHook().body.events[0]
    expect(redelivered).toEqual({ ...original, deliveryContext: { isRedelivery: true } })
    expect(lastHook().signatureValid).toBe(true)
    expect((await h.admin('POST', `${base()}/redeliver`, { webhookEventId: 'nope' })).status).toBe(404)
  })

  it('records every delivery, including failures', async () => {
    h.receiver.status = 500
    const userId = await h.user(undefined, false)
    const follow = await h.admin('POST', `${base()}/users/${userId}/follow`)
    expect(follow.body.delivery).toMatchObject({ statusCode: 500, error: expect.stringContaining('500') })

    await h.admin('PUT', base(), {
      secret: h.secret,
      accessToken: h.accessToken,
      webhookUrl: await closedPortUrl(),
    })
    const offline = await h.admin('POST', `${base()}/users/${userId}/messages`, text('anyone?'))
    expect(offline.body.delivery.statusCode).toBeNull()
    expect(offline.body.delivery.error).toEqual(expect.any(String))
    await h.admin('PUT', base(), { secret: h.secret, accessToken: h.accessToken, webhookUrl: h.receiver.url })

    const deliveries = (await h.admin('GET', `${base()}/deliveries`)).body.deliveries
    const last2 = deliveries.slice(-2)
    expect(last2[0]).toMatchObject({ statusCode: 500, events: [expect.objectContaining({ type: 'follow' })] })
    expect(last2[1]).toMatchObject({
      statusCode: null,
      reason: 'could_not_connect',
      error: expect.any(String),
    })
    for (const d of last2)
      expect(d).toMatchObject({
        id: expect.any(String),
        at: expect.any(String),
        durationMs: expect.any(Number),
      })
  })

  it('answers the webhook test endpoint after sending an empty event list', async () => {
    const res = await h.line('POST', '/channel/webhook/test', {})
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      success: true,
      timestamp: expect.any(String),
      statusCode: 200,
      reason: 'OK',
      detail: '200',
    })
    expect(lastHook().body.events).toEqual([])
    expect(lastHook().signatureValid).toBe(true)
  })

  it('lets the receiver reply while the webhook request is still open', async () => {
    h.receiver.onWebhook = async (hook) => {
      const event = hook.body.events[0]
      if (event?.type !== 'message') return
      await h.line('POST', '/message/reply', { replyToken: event.replyToken, messages: [text('即レス')] })
    }
    const userId = await h.user()
    await h.admin('POST', `${base()}/users/${userId}/messages`, text('hello'))
    expect((await h.chat(userId)).map((c) => [c.direction, c.message.text])).toEqual([
      ['user', 'hello'],
      ['bot', '即レス'],
    ])
  })
})
