import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { text, useHarness, type Harness } from './harness'

let h: Harness
useHarness((started) => (h = started))

async function followAndGetToken(): Promise<{ userId: string; replyToken: string; webhookEventId: string }> {
  const userId = await h.user('返信 花子', false)
  const res = await h.admin('POST', `/channels/${h.channelId}/users/${userId}/follow`)
  expect(res.body.replyToken).toMatch(/^[0-9a-f]{32}$/)
  return { userId, replyToken: res.body.replyToken, webhookEventId: res.body.webhookEventId }
}

describe('reply tokens', () => {
  it('can be used once; the reply reaches the user and costs no quota', async () => {
    const { userId, replyToken } = await followAndGetToken()
    const first = await h.line('POST', '/message/reply', { replyToken, messages: [text('ようこそ')] })
    expect(first.status).toBe(200)
    expect(first.body.sentMessages).toEqual([
      { id: expect.stringMatching(/^\d+$/), quoteToken: expect.any(String) },
    ])
    const second = await h.line('POST', '/message/reply', { replyToken, messages: [text('again')] })
    expect(second.status).toBe(400)
    expect(second.body).toEqual({ message: 'Invalid reply token' })

    const chat = await h.chat(userId)
    expect(chat).toHaveLength(1)
    expect(chat[0]).toMatchObject({
      direction: 'bot',
      via: 'reply',
      message: { type: 'text', text: 'ようこそ' },
    })
    expect(chat[0]?.id).toBe(first.body.sentMessages[0].id)
    expect((await h.line('GET', '/message/quota/consumption')).body).toEqual({ totalUsage: 0 })
  })

  it('expires 60 s (sim clock) after the webhook carrying it was sent', async () => {
    const early = await followAndGetToken()
    await h.admin('POST', '/clock/advance', { ms: 59_000 })
    expect(
      (await h.line('POST', '/message/reply', { replyToken: early.replyToken, messages: [text('ok')] }))
        .status,
    ).toBe(200)

    const late = await followAndGetToken()
    await h.admin('POST', '/clock/advance', { ms: 61_000 })
    const res = await h.line('POST', '/message/reply', {
      replyToken: late.replyToken,
      messages: [text('late')],
    })
    expect(res.status).toBe(400)
    expect(res.body.message).toBe('Invalid reply token')
    expect(await h.chat(late.userId)).toHaveLength(0)
  })

  it('refuses unknown tokens, and refuses X-Line-Retry-Key on reply', async () => {
    const bogus = await h.line('POST', '/message/reply', {
      replyToken: 'f'.repeat(32),
      messages: [text('x')],
    })
    expect(bogus.status).toBe(400)
    expect(bogus.body.message).toBe('Invalid reply token')

    const { userId, replyToken } = await followAndGetToken()
    const withKey = await h.line(
      'POST',
      '/message/reply',
      { replyToken, messages: [text('x')] },
      { 'x-line-retry-key': randomUUID() },
    )
    expect(withKey.status).toBe(400)
    expect(await h.chat(userId)).toHaveLength(0)
    // The refused request did not use the token up.
    expect((await h.line('POST', '/message/reply', { replyToken, messages: [text('x')] })).status).toBe(200)
  })

  it('gets a new minute when redelivered, but never beyond 20 minutes after the event', async () => {
    const { replyToken, webhookEventId } = await followAndGetToken()
    await h.admin('POST', '/clock/advance', { ms: 5 * 60_000 })
    await h.admin('POST', `/channels/${h.channelId}/redeliver`, { webhookEventId })
    await h.admin('POST', '/clock/advance', { ms: 30_000 })
    expect((await h.line('POST', '/message/reply', { replyToken, messages: [text('late ok')] })).status).toBe(
      200,
    )

    const old = await followAndGetToken()
    await h.admin('POST', '/clock/advance', { ms: 19 * 60_000 + 30_000 })
    await h.admin('POST', `/channels/${h.channelId}/redeliver`, { webhookEventId: old.webhookEventId })
    await h.admin('POST', '/clock/advance', { ms: 40_000 }) // 20 min 10 s after the event
    const res = await h.line('POST', '/message/reply', {
      replyToken: old.replyToken,
      messages: [text('too late')],
    })
    expect(res.status).toBe(400)
  })
})
