import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LineApiError, notFound } from '../../errors'
import type { Sim } from '../../sim'
import { parseLineBody } from '../../validation/details'
import { friends, isFriend } from '../delivery'
import { defineEndpoint } from '../endpoint'

const followersQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1, 'Must be between 1 and 1000')
    .max(1000, 'Must be between 1 and 1000')
    .default(300),
  start: z.string().optional(),
})

export function profileRoutes(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'GET', url: '/profile/:userId', endpoint: 'profile' }, (ctx) => {
    const { userId } = ctx.request.params as { userId: string }
    const user = ctx.channel.users[userId]
    // LINE shows a profile only to accounts the user is friends with.
    if (!isFriend(user)) throw notFound()
    return {
      body: {
        displayName: user.displayName,
        userId: user.userId,
        ...(user.pictureUrl ? { pictureUrl: user.pictureUrl } : {}),
        ...(user.statusMessage ? { statusMessage: user.statusMessage } : {}),
        ...(user.language ? { language: user.language } : {}),
      },
    }
  })

  // LINE limits this to verified/premium accounts (403 otherwise); the simulator always allows it.
  defineEndpoint(app, sim, { method: 'GET', url: '/followers/ids', endpoint: 'followers' }, (ctx) => {
    const query = parseLineBody(followersQuery, ctx.request.query)
    const offset =
      query.start === undefined ? 0 : Number.parseInt(Buffer.from(query.start, 'base64url').toString(), 10)
    if (!Number.isInteger(offset) || offset < 0) throw new LineApiError(400, 'Invalid start token')
    const ids = friends(ctx.channel).map((u) => u.userId)
    const page = ids.slice(offset, offset + query.limit)
    const nextOffset = offset + page.length
    return {
      body: {
        userIds: page,
        ...(nextOffset < ids.length ? { next: Buffer.from(String(nextOffset)).toString('base64url') } : {}),
      },
    }
  })
}
