import { messagingApi } from '@line/bot-sdk'
import { describe, expect, it } from 'vitest'
import { http, text, useHarness, type Harness } from './harness'

let h: Harness
useHarness((started) => (h = started))

describe('authentication and request IDs', () => {
  it('refuses a missing or unknown channel access token with 401 in LINE’s shape', async () => {
    const missing = await http('GET', `${h.url}/v2/bot/info`)
    expect(missing.status).toBe(401)
    expect(missing.body.message).toMatch(/^Authorization header required/)

    const wrong = await http('GET', `${h.url}/v2/bot/info`, undefined, { authorization: 'Bearer nope' })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toEqual({
      message: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
    })
    // Unauthenticated requests are not attributed to the channel.
    const log = await h.admin('GET', `/channels/${h.channelId}/requests`)
    expect(log.body.requests).toHaveLength(0)
  })

  it('puts a UUID X-Line-Request-Id on every response, errors included', async () => {
    const ok = await h.line('GET', '/info')
    const bad = await h.line('POST', '/message/push', { to: 'x', messages: [] })
    const unknown = await h.line('GET', '/no/such/endpoint')
    const ids = [ok, bad, unknown].map((r) => r.headers.get('x-line-request-id'))
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(3)
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ message: 'Not found' })
  })

  it('answers bot info for the channel', async () => {
    const info = await h.line('GET', '/info')
    const channel = await h.admin('GET', `/channels/${h.channelId}`)
    expect(info.status).toBe(200)
    expect(info.body).toMatchObject({
      userId: channel.body.botUserId,
      basicId: channel.body.basicId,
      chatMode: 'bot',
      markAsReadMode: 'manual',
    })
    expect(info.body.userId).toMatch(/^U[0-9a-f]{32}$/)
  })

  it('refuses bodies over 2 MB with 413 and unparsable JSON with 400', async () => {
    const userId = await h.user()
    const huge = JSON.stringify({ to: userId, messages: [text('x'.repeat(2 * 1024 * 1024 + 10))] })
    const tooBig = await h.line('POST', '/message/push', huge)
    expect(tooBig.status).toBe(413)
    expect(tooBig.body.message).toEqual(expect.any(String))
    const logged = await h.admin('GET', `/channels/${h.channelId}/requests?endpoint=push&status=413`)
    expect(logged.body.requests).toHaveLength(1)
    const broken = await h.line('POST', '/message/push', '{"to":')
    expect(broken.status).toBe(400)
    expect(await h.chat(userId)).toHaveLength(0)
  })

  it('works with the official SDK pointed at it (baseURL)', async () => {
    const userId = await h.user('SDK 太郎')
    const client = new messagingApi.MessagingApiClient({ channelAccessToken: h.accessToken, baseURL: h.url })
    const pushed = await client.pushMessage({
      to: userId,
      messages: [{ type: 'text', text: 'from the SDK' }],
    })
    expect(pushed.sentMessages).toHaveLength(1)
    const profile = await client.getProfile(userId)
    expect(profile).toMatchObject({ userId, displayName: 'SDK 太郎' })
    await client.showLoadingAnimation({ chatId: userId, loadingSeconds: 10 })
    const quota = await client.getMessageQuota()
    expect(quota.type).toBe('none')
    const chat = await h.chat(userId)
    expect(chat.map((c) => c.message.text)).toEqual(['from the SDK'])
  })
})
