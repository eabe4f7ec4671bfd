import { beforeAll, describe, expect, it } from 'vitest'
import { createDefaultChannel } from './harness'
import { useTestApi } from './useTestApi'

const t = useTestApi({ roles: ['owner'] })
let channelId: string

const base = Date.parse('2026-11-01T00:00:00Z')
const at = (minutes: number) => new Date(base + minutes * 60 * 1000)

describe('before a channel exists', () => {
  it('answers 404 no_channel', async () => {
    for (const path of ['/api/channels/default', '/api/friends']) {
      const res = await t.owner.get(path)
      expect(res.status, path).toBe(404)
      expect(res.body.error.code, path).toBe('no_channel')
    }
  })
})

describe('friends', () => {
  beforeAll(async () => {
    const channel = await createDefaultChannel(t.api.prisma)
    channelId = channel.id
    // Another channel's friends must never show up in the default channel's list.
    const other = await t.api.prisma.channel.create({
      data: { name: 'other', secret: 's', accessToken: 't', apiBaseUrl: 'https://api.line.me' },
    })
    await t.api.prisma.friend.create({
      data: { channelId: other.id, lineUserId: 'U-other', displayName: 'Other Tanaka', createdAt: at(999) },
    })
    // 120 friends, friend i created at minute i; every 10th blocked; names Tanaka/Suzuki alternate.
    await t.api.prisma.friend.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        channelId,
        lineUserId: `U${String(i).padStart(32, '0')}`,
        displayName: i % 2 === 0 ? `田中 Tanaka ${i}` : `Suzuki ${i}`,
        status: i % 10 === 0 ? ('blocked' as const) : ('following' as const),
        followedAt: at(i),
        blockedAt: i % 10 === 0 ? at(i + 1) : null,
        createdAt: at(i),
      })),
    })
  })

  it('describes the default channel with its webhook URL', async () => {
    const res = await t.owner.get('/api/channels/default')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: channelId,
      name: 'テストチャネル',
      isSimulator: false,
      timezone: 'Asia/Tokyo',
      webhookUrl: `http://${t.api.env.API_HOST}:${t.api.env.API_PORT}/webhooks/line/${channelId}`,
    })
  })

  it('pages through the newest first', async () => {
    const first = await t.owner.get('/api/friends')
    expect(first.status).toBe(200)
    expect(first.body.total).toBe(120)
    expect(first.body.page).toBe(1)
    expect(first.body.pageSize).toBe(50)
    expect(first.body.items).toHaveLength(50)
    expect(first.body.items[0]).toEqual({
      id: expect.any(String),
      lineUserId: `U${'119'.padStart(32, '0')}`,
      displayName: 'Suzuki 119',
      pictureUrl: null,
      status: 'following',
      followedAt: at(119).toISOString(),
      blockedAt: null,
      lastMessageAt: null,
      createdAt: at(119).toISOString(),
    })
    const third = await t.owner.get('/api/friends?page=3&pageSize=50')
    expect(third.body.items.map((f: { displayName: string }) => f.displayName)).toEqual(
      Array.from({ length: 20 }, (_, i) =>
        (19 - i) % 2 === 0 ? `田中 Tanaka ${19 - i}` : `Suzuki ${19 - i}`,
      ),
    )
    const beyond = await t.owner.get('/api/friends?page=4')
    expect(beyond.body).toMatchObject({ items: [], total: 120, page: 4 })
  })

  it('searches display names case-insensitively and filters by status', async () => {
    const res = await t.owner.get(`/api/friends?q=${encodeURIComponent('tanaka 1')}&pageSize=100`)
    // Tanaka 1x (even): 10,12,...,18 and 100..118 (even): 5 + 10 = 15
    expect(res.body.total).toBe(15)
    expect(res.body.items.every((f: { displayName: string }) => f.displayName.includes('Tanaka 1'))).toBe(
      true,
    )
    const japanese = await t.owner.get(`/api/friends?q=${encodeURIComponent('田中')}`)
    expect(japanese.body.total).toBe(60)
    const blocked = await t.owner.get('/api/friends?status=blocked&q=TANAKA')
    expect(blocked.body.total).toBe(12)
    expect(blocked.body.items[0]).toMatchObject({ displayName: '田中 Tanaka 110', status: 'blocked' })
  })

  it('validates the query with the field named', async () => {
    const res = await t.owner.get('/api/friends?pageSize=101&status=gone')
    expect(res.status).toBe(400)
    const paths = res.body.error.fields.map((f: { path: string }) => f.path).sort()
    expect(paths).toEqual(['querystring.pageSize', 'querystring.status'])
  })

  it('shows one friend, or 404 not_found', async () => {
    const friend = await t.api.prisma.friend.findFirstOrThrow({
      where: { channelId, displayName: 'Suzuki 7' },
    })
    await t.api.prisma.friend.update({
      where: { id: friend.id },
      data: { statusMessage: 'やあ', language: 'ja' },
    })
    const res = await t.owner.get(`/api/friends/${friend.id}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: friend.id,
      displayName: 'Suzuki 7',
      statusMessage: 'やあ',
      language: 'ja',
    })
    expect(res.body.channelId).toBeUndefined()
    const missing = await t.owner.get('/api/friends/nope123')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
  })
})

describe('friend messages', () => {
  let friendId: string

  beforeAll(async () => {
    const friend = await t.api.prisma.friend.findFirstOrThrow({
      where: { channelId, displayName: 'Suzuki 1' },
    })
    friendId = friend.id
    // Message i at second i; messages 50–54 are one 5-message greeting saved in the same millisecond.
    await t.api.prisma.message.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        channelId,
        friendId,
        direction: i % 2 === 0 ? ('inbound' as const) : ('outbound' as const),
        type: 'text',
        content: { type: 'text', text: `message ${i}` },
        sendMethod: i % 2 === 0 ? null : 'push',
        origin: i % 2 === 0 ? null : 'test',
        createdAt: new Date(base + (i >= 50 && i < 55 ? 50 : i) * 1000),
      })),
    })
  })

  const texts = (body: { items: { content: { text: string } }[] }) => body.items.map((m) => m.content.text)

  it('lists the newest first and pages with nextBefore', async () => {
    const first = await t.owner.get(`/api/friends/${friendId}/messages?limit=10`)
    expect(first.status).toBe(200)
    expect(texts(first.body).slice(0, 5)).toEqual([
      'message 59',
      'message 58',
      'message 57',
      'message 56',
      'message 55',
    ])
    // 50–54 share a timestamp: their order among themselves is only stable, not meaningful.
    expect(new Set(texts(first.body).slice(5))).toEqual(
      new Set([54, 53, 52, 51, 50].map((i) => `message ${i}`)),
    )
    expect(first.body.items[0]).toEqual({
      id: expect.any(String),
      direction: 'outbound',
      type: 'text',
      content: { type: 'text', text: 'message 59' },
      sendMethod: 'push',
      origin: 'test',
      createdAt: new Date(base + 59_000).toISOString(),
    })
    expect(first.body.nextBefore).toBe(new Date(base + 50_000).toISOString())
  })

  it('never splits messages saved in the same millisecond across pages', async () => {
    const first = await t.owner.get(`/api/friends/${friendId}/messages?limit=7`)
    // 59..55, then the whole 50–54 greeting (9 items rather than cutting it at 7).
    expect(first.body.items).toHaveLength(10)
    expect(new Set(texts(first.body))).toEqual(
      new Set(Array.from({ length: 10 }, (_, i) => `message ${59 - i}`)),
    )

    const seen = new Set<string>()
    let before: string | null = null
    let pages = 0
    do {
      const query: string = before ? `&before=${encodeURIComponent(before)}` : ''
      const page = await t.owner.get(`/api/friends/${friendId}/messages?limit=7${query}`)
      for (const id of page.body.items.map((m: { id: string }) => m.id)) {
        expect(seen.has(id)).toBe(false)
        seen.add(id)
      }
      before = page.body.nextBefore
      pages++
    } while (before && pages < 20)
    expect(seen.size).toBe(60)
    expect(before).toBeNull()
  })

  it('ends with nextBefore null and validates the cursor', async () => {
    const last = await t.owner.get(
      `/api/friends/${friendId}/messages?limit=50&before=${encodeURIComponent(new Date(base + 5_000).toISOString())}`,
    )
    expect(texts(last.body)).toEqual(['message 4', 'message 3', 'message 2', 'message 1', 'message 0'])
    expect(last.body.nextBefore).toBeNull()
    const bad = await t.owner.get(`/api/friends/${friendId}/messages?before=yesterday&limit=0`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'querystring.before',
      'querystring.limit',
    ])
    expect((await t.owner.get('/api/friends/nope123/messages')).status).toBe(404)
  })
})
