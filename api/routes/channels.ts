import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Channel, PrismaClient } from '../../prisma/client'
import { webhookUrlFor } from '../defaultChannel'
import { ApiError } from '../errors'
import { errorResponses } from '../schemas/common'

/**
 * The channel a request is about: the one named by `channelId`, or the default channel.
 * Every channel-scoped route goes through here, so per-channel permissions have one home later.
 */
export async function channelFor(prisma: PrismaClient, channelId?: string): Promise<Channel> {
  const channel = channelId
    ? await prisma.channel.findUnique({ where: { id: channelId } })
    : await prisma.channel.findFirst({ where: { isDefault: true }, orderBy: { createdAt: 'asc' } })
  if (!channel) {
    throw new ApiError(404, 'no_channel', channelId ? 'No such channel' : 'No default channel yet')
  }
  return channel
}

const channelSchema = z.object({
  id: z.string(),
  name: z.string(),
  isSimulator: z.boolean(),
  timezone: z.string(),
  /** Where LINE (or the simulator) must send this channel's webhooks. */
  webhookUrl: z.string(),
})

export const channelRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/channels/default',
    {
      schema: {
        tags: ['channels'],
        summary: 'The default channel',
        response: { 200: channelSchema, ...errorResponses(401, 404) },
      },
    },
    async () => {
      const channel = await channelFor(app.deps.prisma)
      return {
        id: channel.id,
        name: channel.name,
        isSimulator: channel.isSimulator,
        timezone: channel.timezone,
        webhookUrl: webhookUrlFor(app.deps.env, channel.id),
      }
    },
  )
}
