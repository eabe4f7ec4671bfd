import type { FastifyRequest } from 'fastify'
import type { Channel, PrismaClient } from '../../prisma/client'
import { actorOf } from '../auth/guard'
import { ApiError } from '../errors'
import { can, type Action, type Actor } from './index'

/**
 * The channel a request works in: the one named by `channelId`, or the default channel. Every
 * channel-scoped route resolves it here, and loads its objects inside it (`loadAuthorized`), so
 * an ID from another channel answers 404.
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

/** What a staff service needs to act: who, from where, in which channel. */
export interface StaffContext {
  prisma: PrismaClient
  actor: Actor
  ip: string
  channel: Channel
}

/** Resolves the actor and channel of a request; a channel the actor may not reach answers 404. */
export async function staffContext(
  request: FastifyRequest,
  channelId: string | undefined,
): Promise<StaffContext> {
  const { prisma } = request.server.deps
  const actor = actorOf(request)
  const channel = await channelFor(prisma, channelId)
  const action = request.routeOptions.config.policy
  if (action && action !== 'signedIn' && !can(actor, action, { channelId: channel.id })) {
    throw new ApiError(404, 'no_channel', 'No such channel')
  }
  return { prisma, actor, ip: request.ip, channel }
}

export type RoutePolicy = Action | 'signedIn'
