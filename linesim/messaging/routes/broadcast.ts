import type { FastifyInstance } from 'fastify'
import { assertQuota, consumeQuota } from '../../limits/quota'
import type { Sim } from '../../sim'
import type { JsonObject } from '../../state/types'
import { parseLineBody } from '../../validation/details'
import { broadcastBodySchema } from '../../validation/sendBodies'
import { appendBotMessages, friends } from '../delivery'
import { defineEndpoint } from '../endpoint'
import { acceptRetryKey, rejectAcceptedRetryKey } from '../retryKeys'

export function broadcastRoute(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'POST', url: '/message/broadcast', endpoint: 'broadcast' }, (ctx) => {
    rejectAcceptedRetryKey(ctx.channel, ctx.retryKey, ctx.now)
    const body = parseLineBody(broadcastBodySchema, ctx.request.body)
    const recipients = friends(ctx.channel)
    assertQuota(ctx.channel, recipients.length, ctx.now)
    consumeQuota(ctx.channel, recipients.length, ctx.now)
    for (const user of recipients) {
      appendBotMessages(ctx.sim, ctx.channel, user, body.messages as JsonObject[], null, {
        via: 'broadcast',
        requestId: ctx.requestId,
        retryKey: ctx.retryKey,
        at: ctx.now,
      })
    }
    acceptRetryKey(ctx.channel, ctx.retryKey, 'broadcast', ctx.requestId, ctx.now)
    return { body: {} }
  })
}
