import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LineApiError } from '../../errors'
import { USER_ID_PATTERN } from '../../ids'
import type { Sim } from '../../sim'
import { parseLineBody } from '../../validation/details'
import { isFriend } from '../delivery'
import { defineEndpoint } from '../endpoint'

const loadingBody = z.object({
  chatId: z.string().regex(USER_ID_PATTERN, 'Must be a user ID'),
  loadingSeconds: z
    .number()
    .int()
    .min(5, 'Must be between 5 and 60')
    .max(60, 'Must be between 5 and 60')
    .multipleOf(5, 'Must be a multiple of 5')
    .default(20),
})

const markAsReadBody = z.object({ markAsReadToken: z.string().min(1, 'May not be empty') })

export function chatRoutes(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'POST', url: '/chat/loading/start', endpoint: 'loading' }, (ctx) => {
    const body = parseLineBody(loadingBody, ctx.request.body)
    const user = ctx.channel.users[body.chatId]
    // Shown only in a 1:1 chat with a friend; LINE answers 202 either way.
    if (isFriend(user)) user.loadingUntil = ctx.sim.clock.iso(ctx.now + body.loadingSeconds * 1000)
    return { status: 202, body: {} }
  })

  defineEndpoint(app, sim, { method: 'POST', url: '/chat/markAsRead', endpoint: 'markAsRead' }, (ctx) => {
    const body = parseLineBody(markAsReadBody, ctx.request.body)
    const token = ctx.channel.markAsReadTokens[body.markAsReadToken]
    if (!token) throw new LineApiError(400, 'Invalid markAsReadToken')
    // Marks that message and every earlier message from the user as read.
    const chat = ctx.channel.chats[token.userId] ?? []
    const upTo = chat.findIndex((item) => item.id === token.messageId)
    const at = ctx.sim.clock.iso(ctx.now)
    for (const item of chat.slice(0, upTo + 1)) {
      if (item.direction === 'user' && !item.readAt) item.readAt = at
    }
    return { body: {} }
  })
}
