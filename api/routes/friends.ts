import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Prisma } from '../../prisma/client'
import { ApiError } from '../errors'
import { channelQuerySchema, errorResponses, idSchema, pageOf, pageQuerySchema } from '../schemas/common'
import { channelFor } from './channels'

const friendStatusSchema = z.enum(['following', 'blocked'])

const friendSummarySchema = z.object({
  id: z.string(),
  lineUserId: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
  status: friendStatusSchema,
  followedAt: z.date().nullable(),
  blockedAt: z.date().nullable(),
  lastMessageAt: z.date().nullable(),
  createdAt: z.date(),
})

const friendDetailSchema = friendSummarySchema.extend({
  statusMessage: z.string().nullable(),
  language: z.string().nullable(),
})

const messageSchema = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  /** LINE message type, or `postback`. */
  type: z.string(),
  /** The LINE message object as received or as sent. */
  content: z.unknown(),
  sendMethod: z.string().nullable(),
  origin: z.string().nullable(),
  createdAt: z.date(),
})

const listQuerySchema = pageQuerySchema.extend(channelQuerySchema.shape).extend({
  /** Part of the display name, any case. */
  q: z.string().trim().max(100).optional(),
  status: friendStatusSchema.optional(),
})

const messagesQuerySchema = z.object({
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

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

/** Friends of a channel (all staff may read them for now) and each friend's message history. */
export const friendRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps

  async function friendOr404(id: string) {
    const friend = await prisma.friend.findUnique({ where: { id } })
    if (!friend) throw new ApiError(404, 'not_found', 'No such friend')
    return friend
  }

  app.get(
    '/friends',
    {
      schema: {
        tags: ['friends'],
        summary: 'Friends of a channel, newest first',
        querystring: listQuerySchema,
        response: { 200: pageOf(friendSummarySchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { q, status, page, pageSize, channelId } = request.query
      const channel = await channelFor(prisma, channelId)
      const where: Prisma.FriendWhereInput = {
        channelId: channel.id,
        ...(status ? { status } : {}),
        ...(q ? { displayName: { contains: q, mode: 'insensitive' } } : {}),
      }
      const [items, total] = await Promise.all([
        prisma.friend.findMany({
          where,
          select: summarySelect,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          skip: (page - 1) * pageSize,
          take: pageSize,
        }),
        prisma.friend.count({ where }),
      ])
      return { items, total, page, pageSize }
    },
  )

  app.get(
    '/friends/:id',
    {
      schema: {
        tags: ['friends'],
        summary: 'One friend',
        params: z.object({ id: idSchema }),
        response: { 200: friendDetailSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const friend = await friendOr404(request.params.id)
      return friend
    },
  )

  app.get(
    '/friends/:id/messages',
    {
      schema: {
        tags: ['friends'],
        summary: "A friend's messages, newest first",
        description:
          'Pass `nextBefore` back as `before` for the next page. A page never ends inside one ' +
          'millisecond (it may then hold a few more than `limit`), so the timestamp cursor skips nothing.',
        params: z.object({ id: idSchema }),
        querystring: messagesQuerySchema,
        response: {
          200: z.object({ items: z.array(messageSchema), nextBefore: z.string().nullable() }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const friend = await friendOr404(request.params.id)
      const { before, limit } = request.query
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
    },
  )
}
