import type { FastifyInstance } from 'fastify'
import { LineApiError } from '../../errors'
import { USER_ID_PATTERN } from '../../ids'
import { assertQuota, consumeQuota } from '../../limits/quota'
import type { Sim } from '../../sim'
import type { JsonObject } from '../../state/types'
import { parseLineBody } from '../../validation/details'
import { pushBodySchema } from '../../validation/sendBodies'
import { appendBotMessages, isFriend, sentMessagesFor } from '../delivery'
import { defineEndpoint } from '../endpoint'
import { acceptRetryKey, rejectAcceptedRetryKey } from '../retryKeys'

export function pushRoute(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'POST', url: '/message/push', endpoint: 'push' }, (ctx) => {
    rejectAcceptedRetryKey(ctx.channel, ctx.retryKey, ctx.now)
    const body = parseLineBody(pushBodySchema, ctx.request.body)
    if (!USER_ID_PATTERN.test(body.to)) {
      throw new LineApiError(400, "The property, 'to', in the request body is invalid", [
        { message: 'Invalid user ID', property: 'to' },
      ])
    }
    const user = ctx.channel.users[body.to]
    if (!user) throw new LineApiError(400, 'Failed to send messages')
    const messages = body.messages as JsonObject[]
    const sentMessages = sentMessagesFor(messages)
    // A blocked (or never-followed) user still gets a 200, but nothing arrives and nothing is counted.
    if (isFriend(user)) {
      assertQuota(ctx.channel, 1, ctx.now)
      consumeQuota(ctx.channel, 1, ctx.now)
      appendBotMessages(ctx.sim, ctx.channel, user, messages, sentMessages, {
        via: 'push',
        requestId: ctx.requestId,
        retryKey: ctx.retryKey,
        at: ctx.now,
      })
    }
    acceptRetryKey(ctx.channel, ctx.retryKey, 'push', ctx.requestId, ctx.now, sentMessages)
    return { body: { sentMessages } }
  })
}
