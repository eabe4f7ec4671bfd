import { describe, expect, it } from 'vitest'
import { Browser } from './harness'
import { useTestApi } from './useTestApi'

const t = useTestApi({ roles: ['owner', 'member'], channel: true })

describe('staff notifications', () => {
  it('lists newest first with the friend and the unread count, and marks them read', async () => {
    const friend = await t.api.prisma.friend.create({
      data: { channelId: t.channelId, lineUserId: 'U-notify-1', displayName: '通知 花子' },
    })
    await t.api.prisma.staffNotification.createMany({
      data: [
        {
          id: 'n-old',
          channelId: t.channelId,
          friendId: friend.id,
          message: '予約が入りました',
          createdAt: new Date(1_000),
        },
        {
          id: 'n-new',
          channelId: t.channelId,
          message: '全体のお知らせ',
          email: true,
          createdAt: new Date(2_000),
        },
      ],
    })

    const list = await t.member.get('/api/notifications')
    expect(list.status).toBe(200)
    expect(list.body.unreadCount).toBe(2)
    expect(list.body.total).toBe(2)
    expect(list.body.items.map((n: { id: string }) => n.id)).toEqual(['n-new', 'n-old'])
    expect(list.body.items[1].friend).toEqual({ id: friend.id, displayName: '通知 花子', pictureUrl: null })
    expect(list.body.items[0].friend).toBeNull()

    const read = await t.member.post('/api/notifications/n-old/read', {})
    expect(read.status).toBe(200)
    const unread = await t.member.get('/api/notifications?unread=true')
    expect(unread.body.items.map((n: { id: string }) => n.id)).toEqual(['n-new'])
    expect(unread.body.unreadCount).toBe(1)

    expect((await t.owner.post('/api/notifications/read-all', {})).body).toEqual({ updated: 1 })
    expect((await t.owner.get('/api/notifications')).body.unreadCount).toBe(0)
  })

  it('refuses strangers, unknown IDs and bad queries with the field named', async () => {
    expect((await new Browser(t.api.url).get('/api/notifications')).status).toBe(401)
    expect((await t.owner.post('/api/notifications/nope/read', {})).status).toBe(404)
    const bad = await t.owner.get('/api/notifications?pageSize=1000')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('pageSize')
  })
})
