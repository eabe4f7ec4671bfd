import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { errorResponses } from '../schemas/common'
import { channelSchema } from './schemas'
import { defaultChannelView } from './service'

export const channelRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/channels/default',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['channels'],
        summary: 'The default channel',
        response: { 200: channelSchema, ...errorResponses(401, 404) },
      },
    },
    async () => defaultChannelView(app.deps.prisma, app.deps.env),
  )
}
