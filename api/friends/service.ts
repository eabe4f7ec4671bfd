import type { Prisma } from '../../prisma/client'
import { loadAuthorized, scope } from '../policy'
import type { StaffContext } from '../policy/context'
import type { FriendListQuery, MessagesQuery } from './schemas'

const summarySelect = {
  id: true,
  lineUserId: true,
  displayName: true,
  pictureUrl: true,
  status: true,
  followedAt: true,
  blockedAt: true,
  lastMessageAt: true,
  createdAt: true,
} as const satisfies Prisma.FriendSelect

const messageSelect = {
  id: true,
  direction: true,
  type: true,
  content: true,
  sendMethod: true,
  origin: true,
  createdAt: true,
} as const satisfies Prisma.MessageSelect

/** Friends of the channel, newest first, filtered by name and status. */
export async function listFriends(ctx: StaffContext, query: FriendListQuery) {
  const { q, status, page, pageSize } = query
  const where: Prisma.FriendWhereInput = {
    ...scope(ctx.actor, 'friend', ctx.channel.id),
    ...(status ? { status } : {}),
    ...(q ? { displayName: { contains: q, mode: 'insensitive' } } : {}),
  }
  const [items, total] = await Promise.all([
    ctx.prisma.friend.findMany({
      where,
      select: summarySelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    ctx.prisma.friend.count({ where }),
  ])
  return { items, total, page, pageSize }
}

export function getFriend(ctx: StaffContext, id: string) {
  return loadAuthorized(ctx.prisma, ctx.actor, 'friend', ctx.channel.id, id)
}

/**
 * A page of a friend's messages, newest first. A page never ends inside one millisecond (it may
 * then hold a few more than `limit`), so the timestamp cursor `nextBefore` skips nothing.
 */
export async function friendMessages(ctx: StaffContext, id: string, query: MessagesQuery) {
  const { prisma } = ctx
  const friend = await getFriend(ctx, id)
  const { before, limit } = query
  const rows = await prisma.message.findMany({
    where: { friendId: friend.id, ...(before ? { createdAt: { lt: new Date(before) } } : {}) },
    select: messageSelect,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  })
  if (rows.length <= limit) return { items: rows, nextBefore: null }
  const items = rows.slice(0, limit)
  const last = items[limit - 1]!
  if (rows[limit]!.createdAt.getTime() === last.createdAt.getTime()) {
    // Messages saved together (a 5-message greeting) share a timestamp; the next page
    // starts strictly before it, so finish that millisecond on this page.
    const rest = await prisma.message.findMany({
      where: { friendId: friend.id, createdAt: last.createdAt, id: { lt: last.id } },
      select: messageSelect,
      orderBy: { id: 'desc' },
    })
    items.push(...rest)
  }
  return { items, nextBefore: last.createdAt.toISOString() }
}
