import { loadAuthorized, scope } from '../policy'
import type { StaffContext } from '../policy/context'
import type { NotificationListQuery } from './schemas'

/** Notifications newest first, each with its friend (null when gone), and the unread count. */
export async function listNotifications(ctx: StaffContext, query: NotificationListQuery) {
  const { prisma, actor, channel } = ctx
  const { page, pageSize, unread } = query
  const inChannel = scope(actor, 'notification', channel.id)
  const where = { ...inChannel, ...(unread === 'true' ? { readAt: null } : {}) }
  const [rows, total, unreadCount] = await Promise.all([
    prisma.staffNotification.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    prisma.staffNotification.count({ where }),
    prisma.staffNotification.count({ where: { ...inChannel, readAt: null } }),
  ])
  const friendIds = [...new Set(rows.flatMap((r) => (r.friendId ? [r.friendId] : [])))]
  const friends = new Map(
    (
      await prisma.friend.findMany({
        where: { id: { in: friendIds }, ...scope(actor, 'friend', channel.id) },
        select: { id: true, displayName: true, pictureUrl: true },
      })
    ).map((f) => [f.id, f]),
  )
  return {
    items: rows.map((r) => ({
      id: r.id,
      message: r.message,
      email: r.email,
      createdAt: r.createdAt,
      readAt: r.readAt,
      friend: (r.friendId && friends.get(r.friendId)) || null,
    })),
    total,
    page,
    pageSize,
    unreadCount,
  }
}

/** Marks one notification read; one read already keeps its first time. */
export async function markRead(ctx: StaffContext, id: string) {
  const found = await loadAuthorized(ctx.prisma, ctx.actor, 'notification', ctx.channel.id, id)
  if (found.readAt) return { readAt: found.readAt }
  const updated = await ctx.prisma.staffNotification.update({
    where: { id: found.id },
    data: { readAt: new Date() },
  })
  return { readAt: updated.readAt ?? new Date() }
}

export async function markAllRead(ctx: StaffContext) {
  const { count } = await ctx.prisma.staffNotification.updateMany({
    where: { ...scope(ctx.actor, 'notification', ctx.channel.id), readAt: null },
    data: { readAt: new Date() },
  })
  return { updated: count }
}
