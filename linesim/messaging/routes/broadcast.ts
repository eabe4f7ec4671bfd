import type { FastifyInstance } from 'fastify'
import type { Sim } from '../../sim'
import type { JsonObject } from '../../state/types'
import { parseLineBody } from '../../validation/details'
import { broadcastBodySchema } from '../../validation/sendBodies'
import { friends, sendToAll } from '../delivery'
import { defineEndpoint } from '../endpoint'
import { rejectAcceptedRetryKey } from '../retryKeys'

export function broadcastRoute(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'POST', url: '/message/broadcast', endpoint: 'broadcast' }, (ctx) => {
    rejectAcceptedRetryKey(ctx.channel, ctx.retryKey, ctx.now)
    const body = parseLineBody(broadcastBodySchema, ctx.request.body)
    return sendToAll(ctx, 'broadcast', friends(ctx.channel), body.messages as JsonObject[])
  })
}
