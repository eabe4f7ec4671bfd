import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LineApiError } from '../../errors'
import { USER_ID_PATTERN, newUserId } from '../../ids'
import type { Sim } from '../../sim'
import type { SimUser } from '../../state/types'
import { parseInput, requireChannel, requireUser, userView } from '../common'

const profileFields = {
  displayName: z.string().min(1).max(100),
  pictureUrl: z.url().nullable().optional(),
  statusMessage: z.string().max(500).nullable().optional(),
  language: z.string().min(2).max(10).nullable().optional(),
}

const createBody = z.object({
  ...profileFields,
  /** Fixed ID for reproducible fixtures; generated when absent. */
  userId: z.string().regex(USER_ID_PATTERN, 'Must match ^U[0-9a-f]{32}$').optional(),
})

const updateBody = z.object({ ...profileFields, displayName: profileFields.displayName.optional() })

export function userRoutes(app: FastifyInstance, sim: Sim): void {
  app.post('/channels/:channelId/users', async (request, reply) => {
    const channel = requireChannel(sim, request.params)
    const body = parseInput(createBody, request.body)
    const userId = body.userId ?? newUserId()
    if (channel.users[userId]) throw new LineApiError(409, `User ${userId} already exists`)
    const user: SimUser = {
      userId,
      displayName: body.displayName,
      pictureUrl: body.pictureUrl ?? null,
      statusMessage: body.statusMessage ?? null,
      language: body.language ?? null,
      followState: 'none',
      createdAt: sim.clock.iso(),
      followedAt: null,
      blockedAt: null,
      loadingUntil: null,
    }
    channel.users[userId] = user
    channel.chats[userId] = []
    reply.status(201)
    return userView(user)
  })

  app.get('/channels/:channelId/users', async (request) => {
    const channel = requireChannel(sim, request.params)
    return { users: Object.values(channel.users).map(userView) }
  })

  app.get('/channels/:channelId/users/:userId', async (request) =>
    userView(requireUser(sim, request.params).user),
  )

  app.patch('/channels/:channelId/users/:userId', async (request) => {
    const { user } = requireUser(sim, request.params)
    const body = parseInput(updateBody, request.body)
    if (body.displayName !== undefined) user.displayName = body.displayName
    if (body.pictureUrl !== undefined) user.pictureUrl = body.pictureUrl
    if (body.statusMessage !== undefined) user.statusMessage = body.statusMessage
    if (body.language !== undefined) user.language = body.language
    return userView(user)
  })
}
