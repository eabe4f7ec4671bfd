import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ApiError } from '../errors'
import { channelQuerySchema, errorResponses, idSchema, pageOf, pageQuerySchema } from '../schemas/common'
import { channelFor } from './channels'

const notificationSchema = z.object({
  id: z.string(),
  message: z.string(),
  email: z.boolean(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
  friend: z.object({ id: z.string(), displayName: z.string(), pictureUrl: z.string().nullable() }).nullable(),
})

/** Staff notifications (scenario「スタッフに通知」nodes): the studio's bell and list. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Staff notifications, newest first, with the unread count',
        querystring: channelQuerySchema
          .extend(pageQuerySchema.shape)
          .extend({ unread: z.enum(['true', 'false']).optional() }),
        response: {
          200: pageOf(notificationSchema).extend({ unreadCount: z.number().int() }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { page, pageSize, unread } = request.query
      const channel = await channelFor(prisma, request.query.channelId)
      const where = { channelId: channel.id, ...(unread === 'true' ? { readAt: null } : {}) }
      const [rows, total, unreadCount] = await Promise.all([
        prisma.staffNotification.findMany({
          where,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          skip: (page - 1) * pageSize,
          take: pageSize,
        }),
        prisma.staffNotification.count({ where }),
        prisma.staffNotification.count({ where: { channelId: channel.id, readAt: null } }),
      ])
      const friendIds = [...new Set(rows.flatMap((r) => (r.friendId ? [r.friendId] : [])))]
      const friends = new Map(
        (
          await prisma.friend.findMany({
            where: { id: { in: friendIds } },
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
    },
  )

  app.post(
    '/notifications/:id/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark one notification read',
        params: z.object({ id: idSchema }),
        response: { 200: z.object({ readAt: z.date() }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const found = await prisma.staffNotification.findUnique({ where: { id: request.params.id } })
      if (!found) throw new ApiError(404, 'not_found', 'No such notification')
      if (found.readAt) return { readAt: found.readAt }
      const updated = await prisma.staffNotification.update({
        where: { id: found.id },
        data: { readAt: new Date() },
      })
      return { readAt: updated.readAt ?? new Date() }
    },
  )

  app.post(
    '/notifications/read-all',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark every notification of the channel read',
        querystring: channelQuerySchema,
        response: { 200: z.object({ updated: z.number().int() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const channel = await channelFor(prisma, request.query.channelId)
      const { count } = await prisma.staffNotification.updateMany({
        where: { channelId: channel.id, readAt: null },
        data: { readAt: new Date() },
      })
      return { updated: count }
    },
  )
}
