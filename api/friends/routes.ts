import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses, idParamsSchema } from '../schemas/common'
import {
  friendDetailSchema,
  friendListQuerySchema,
  friendPageSchema,
  messagePageSchema,
  messagesQuerySchema,
} from './schemas'
import { friendMessages, getFriend, listFriends } from './service'

/** Friends of a channel and each friend's message history. */
export const friendRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/friends',
    {
      config: { policy: 'friends.view' },
      schema: {
        tags: ['friends'],
        summary: 'Friends of a channel, newest first',
        querystring: friendListQuerySchema,
        response: { 200: friendPageSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listFriends(await staffContext(request, request.query.channelId), request.query),
  )

  app.get(
    '/friends/:id',
    {
      config: { policy: 'friends.view' },
      schema: {
        tags: ['friends'],
        summary: 'One friend',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 200: friendDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getFriend(await staffContext(request, request.query.channelId), request.params.id),
  )

  app.get(
    '/friends/:id/messages',
    {
      config: { policy: 'friends.view' },
      schema: {
        tags: ['friends'],
        summary: "A friend's messages, newest first",
        description:
          'Pass `nextBefore` back as `before` for the next page. A page never ends inside one ' +
          'millisecond (it may then hold a few more than `limit`), so the timestamp cursor skips nothing.',
        params: idParamsSchema,
        querystring: messagesQuerySchema,
        response: { 200: messagePageSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return friendMessages(ctx, request.params.id, request.query)
    },
  )
}
