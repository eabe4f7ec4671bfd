import { describe, expect, it, vi } from 'vitest'
import { text, useHarness, type Harness } from './harness'

let h: Harness
useHarness((started) => (h = started), { narrowcastStepMs: 50 })

async function block(userId: string) {
  const res = await h.admin('POST', `/channels/${h.channelId}/users/${userId}/unfollow`)
  expect(res.status).toBe(200)
}

describe('push', () => {
  it('answers 200 for a blocked user but delivers nothing and counts nothing', async () => {
    const userId = await h.user()
    await block(userId)
    const before = (await h.line('GET', '/message/quota/consumption')).body.totalUsage
    const res = await h.line('POST', '/message/push', { to: userId, messages: [text('届かない')] })
    expect(res.status).toBe(200)
    expect(res.body.sentMessages).toHaveLength(1)
    expect(await h.chat(userId)).toHaveLength(0)
    expect((await h.line('GET', '/message/quota/consumption')).body.totalUsage).toBe(before)
  })

  it('refuses malformed and unknown recipients', async () => {
    const malformed = await h.line('POST', '/message/push', { to: 'someone', messages: [text('x')] })
    expect(malformed.status).toBe(400)
    expect(malformed.body.details).toEqual([{ message: 'Invalid user ID', property: 'to' }])
    const unknown = await h.line('POST', '/message/push', { to: `U${'0'.repeat(32)}`, messages: [text('x')] })
    expect(unknown.status).toBe(400)
  })
})

describe('multicast', () => {
  it('takes at most 500 recipients', async () => {
    const userId = await h.user()
    const to = Array.from({ length: 501 }, () => userId)
    const res = await h.line('POST', '/message/multicast', { to, messages: [text('x')] })
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([{ message: 'Size must be between 1 and 500', property: 'to' }])
    expect(await h.chat(userId)).toHaveLength(0)
  })

  it('sends to nobody when one ID is invalid or unknown', async () => {
    const a = await h.user()
    const b = await h.user()
    const invalid = await h.line('POST', '/message/multicast', {
      to: [a, 'bad-id', b],
      messages: [text('x')],
    })
    expect(invalid.status).toBe(400)
    expect(invalid.body.details).toEqual([{ message: 'Invalid user ID', property: 'to[1]' }])
    const unknown = await h.line('POST', '/message/multicast', {
      to: [a, `U${'a'.repeat(32)}`, b],
      messages: [text('x')],
    })
    expect(unknown.status).toBe(400)
    expect(await h.chat(a)).toHaveLength(0)
    expect(await h.chat(b)).toHaveLength(0)
  })

  it('delivers to friends once each, skipping blocked users', async () => {
    const a = await h.user()
    const b = await h.user()
    const blocked = await h.user()
    await block(blocked)
    const before = (await h.line('GET', '/message/quota/consumption')).body.totalUsage
    const res = await h.line('POST', '/message/multicast', {
      to: [a, b, a, blocked],
      messages: [text('m1'), text('m2')],
    })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({})
    expect((await h.chat(a)).map((c) => c.message.text)).toEqual(['m1', 'm2'])
    expect((await h.chat(b)).map((c) => c.via)).toEqual(['multicast', 'multicast'])
    expect(await h.chat(blocked)).toHaveLength(0)
    // Two recipients, however many message objects.
    expect((await h.line('GET', '/message/quota/consumption')).body.totalUsage).toBe(before + 2)
  })
})

describe('broadcast and narrowcast', () => {
  it('broadcast reaches every friend and only friends', async () => {
    const friend = await h.user()
    const stranger = await h.user('未登録', false)
    const res = await h.line('POST', '/message/broadcast', { messages: [text('お知らせ')] })
    expect(res.status).toBe(200)
    expect((await h.chat(friend)).at(-1)).toMatchObject({ via: 'broadcast', message: { text: 'お知らせ' } })
    expect(await h.chat(stranger)).toHaveLength(0)
  })

  it('narrowcast answers 202 and its progress goes waiting → sending → succeeded', async () => {
    const friend = await h.user()
    const users = await h.admin('GET', `/channels/${h.channelId}/users`)
    const friendCount = users.body.users.filter(
      (u: { followState: string }) => u.followState === 'following',
    ).length
    const res = await h.line('POST', '/message/narrowcast', { messages: [text('絞り込み')] })
    expect(res.status).toBe(202)
    expect(res.body).toEqual({})
    const requestId = res.headers.get('x-line-request-id')
    expect(requestId).toBeTruthy()

    const phases: string[] = []
    await vi.waitFor(
      async () => {
        const progress = await h.line('GET', `/message/progress/narrowcast?requestId=${requestId}`)
        expect(progress.status).toBe(200)
        if (phases.at(-1) !== progress.body.phase) phases.push(progress.body.phase)
        expect(progress.body.phase).toBe('succeeded')
        expect(progress.body).toMatchObject({
          successCount: friendCount,
          failureCount: 0,
          targetCount: friendCount,
          acceptedTime: expect.any(String),
          completedTime: expect.any(String),
        })
      },
      { timeout: 5000, interval: 10 },
    )
    expect(phases[0]).toBe('waiting')
    expect(phases).toContain('sending')
    expect((await h.chat(friend)).at(-1)).toMatchObject({
      via: 'narrowcast',
      requestId,
      message: { text: '絞り込み' },
    })
    expect((await h.line('GET', '/message/progress/narrowcast?requestId=nope')).status).toBe(404)
  })
})

describe('profile, followers, loading and read marks', () => {
  it('shows profiles of friends only', async () => {
    const created = await h.admin('POST', `/channels/${h.channelId}/users`, {
      displayName: '佐藤 一郎',
      pictureUrl: 'https://example.com/p.png',
      language: 'ja',
    })
    const userId = created.body.userId
    expect((await h.line('GET', `/profile/${userId}`)).status).toBe(404)
    await h.admin('POST', `/channels/${h.channelId}/users/${userId}/follow`)
    const profile = await h.line('GET', `/profile/${userId}`)
    expect(profile.status).toBe(200)
    expect(profile.body).toEqual({
      displayName: '佐藤 一郎',
      userId,
      pictureUrl: 'https://example.com/p.png',
      language: 'ja',
    })
    await block(userId)
    const blocked = await h.line('GET', `/profile/${userId}`)
    expect(blocked.status).toBe(404)
    expect(blocked.body).toEqual({ message: 'Not found' })
    expect((await h.line('GET', `/profile/U${'1'.repeat(32)}`)).status).toBe(404)
  })

  it('pages follower IDs', async () => {
    const all = await h.line('GET', '/followers/ids?limit=1000')
    const first = await h.line('GET', '/followers/ids?limit=2')
    expect(first.body.userIds).toEqual(all.body.userIds.slice(0, 2))
    const second = await h.line('GET', `/followers/ids?limit=2&start=${first.body.next}`)
    expect(second.body.userIds).toEqual(all.body.userIds.slice(2, 4))
  })

  it('validates loading seconds (5–60, step 5)', async () => {
    const userId = await h.user()
    expect((await h.line('POST', '/chat/loading/start', { chatId: userId, loadingSeconds: 7 })).status).toBe(
      400,
    )
    expect((await h.line('POST', '/chat/loading/start', { chatId: userId, loadingSeconds: 65 })).status).toBe(
      400,
    )
    const ok = await h.line('POST', '/chat/loading/start', { chatId: userId, loadingSeconds: 10 })
    expect(ok.status).toBe(202)
    const user = await h.admin('GET', `/channels/${h.channelId}/users/${userId}`)
    expect(user.body.loadingUntil).toEqual(expect.any(String))
  })

  it('marks the user’s messages read up to the token’s message', async () => {
    const userId = await h.user()
    const first = await h.admin('POST', `/channels/${h.channelId}/users/${userId}/messages`, text('one'))
    await h.admin('POST', `/channels/${h.channelId}/users/${userId}/messages`, text('two'))
    const token = first.body.event.message.markAsReadToken
    expect(token).toEqual(expect.any(String))
    expect((await h.line('POST', '/chat/markAsRead', { markAsReadToken: token })).status).toBe(200)
    const chat = await h.chat(userId)
    expect(chat.map((c) => Boolean(c.readAt))).toEqual([true, false])
    expect((await h.line('POST', '/chat/markAsRead', { markAsReadToken: 'nope' })).status).toBe(400)
  })
})
