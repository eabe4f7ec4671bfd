import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses, idParamsSchema } from '../schemas/common'
import { notificationListQuerySchema, notificationPageSchema, readAllSchema, readAtSchema } from './schemas'
import { listNotifications, markAllRead, markRead } from './service'

/** Staff notifications (scenario「スタッフに通知」nodes): the studio's bell and list. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/notifications',
    {
      config: { policy: 'notifications.view' },
      schema: {
        tags: ['notifications'],
        summary: 'Staff notifications, newest first, with the unread count',
        querystring: notificationListQuerySchema,
        response: { 200: notificationPageSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listNotifications(await staffContext(request, request.query.channelId), request.query),
  )

  app.post(
    '/notifications/:id/read',
    {
      config: { policy: 'notifications.view' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark one notification read',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 200: readAtSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => markRead(await staffContext(request, request.query.channelId), request.params.id),
  )

  app.post(
    '/notifications/read-all',
    {
      config: { policy: 'notifications.view' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark every notification of the channel read',
        querystring: channelQuerySchema,
        response: { 200: readAllSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => markAllRead(await staffContext(request, request.query.channelId)),
  )
}
