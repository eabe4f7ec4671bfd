import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses } from '../schemas/common'
import { greetingSchema } from './schemas'
import { getGreeting, replaceGreeting } from './service'

/** Channel settings; the greeting (あいさつメッセージ) is sent by the worker on every follow. */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/settings/greeting',
    {
      config: { policy: 'settings.view' },
      schema: {
        tags: ['settings'],
        summary: 'The greeting sent when someone adds the channel as a friend',
        querystring: channelQuerySchema,
        response: { 200: greetingSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getGreeting(await staffContext(request, request.query.channelId)),
  )

  app.put(
    '/settings/greeting',
    {
      config: { policy: 'settings.edit' },
      schema: {
        tags: ['settings'],
        summary: 'Replace the greeting (1–5 messages)',
        querystring: channelQuerySchema,
        body: greetingSchema,
        response: { 200: greetingSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return replaceGreeting(ctx, request.body.messages)
    },
  )
}
