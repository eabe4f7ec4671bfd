import type { FastifyInstance } from 'fastify'
import { LineApiError } from '../../errors'
import type { Sim } from '../../sim'
import type { JsonObject } from '../../state/types'
import { parseLineBody } from '../../validation/details'
import { replyBodySchema } from '../../validation/sendBodies'
import { appendBotMessages, sentMessagesFor } from '../delivery'
import { defineEndpoint } from '../endpoint'

export function replyRoute(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'POST', url: '/message/reply', endpoint: 'reply' }, (ctx) => {
    const body = parseLineBody(replyBodySchema, ctx.request.body)
    const token = ctx.channel.replyTokens[body.replyToken]
    // Unknown, already used and expired tokens all get the same answer on LINE.
    if (!token || token.usedAt !== null || ctx.now > token.expiresAt) {
      throw new LineApiError(400, 'Invalid reply token')
    }
    token.usedAt = ctx.now
    const messages = body.messages as JsonObject[]
    const sentMessages = sentMessagesFor(messages)
    const user = token.userId ? ctx.channel.users[token.userId] : undefined
    if (user && user.followState !== 'blocked') {
      // Replies are free: no quota is consumed.
      appendBotMessages(ctx.sim, ctx.channel, user, messages, sentMessages, {
        via: 'reply',
        requestId: ctx.requestId,
        retryKey: null,
        at: ctx.now,
      })
    }
    return { body: { sentMessages } }
  })
}
