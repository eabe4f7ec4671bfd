import type { FastifyInstance } from 'fastify'
import { LineApiError, validationError, type LineErrorDetail } from '../../errors'
import { USER_ID_PATTERN } from '../../ids'
import { assertQuota, consumeQuota } from '../../limits/quota'
import type { Sim } from '../../sim'
import type { JsonObject } from '../../state/types'
import { parseLineBody } from '../../validation/details'
import { multicastBodySchema } from '../../validation/sendBodies'
import { appendBotMessages, isFriend } from '../delivery'
import { defineEndpoint } from '../endpoint'
import { acceptRetryKey, rejectAcceptedRetryKey } from '../retryKeys'

export function multicastRoute(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'POST', url: '/message/multicast', endpoint: 'multicast' }, (ctx) => {
    rejectAcceptedRetryKey(ctx.channel, ctx.retryKey, ctx.now)
    const body = parseLineBody(multicastBodySchema, ctx.request.body)

    // One bad ID fails the whole request: nobody receives anything.
    const malformed: LineErrorDetail[] = []
    const unknown: LineErrorDetail[] = []
    body.to.forEach((id, i) => {
      if (!USER_ID_PATTERN.test(id)) malformed.push({ message: 'Invalid user ID', property: `to[${i}]` })
      else if (!ctx.channel.users[id]) unknown.push({ message: 'Unknown user ID', property: `to[${i}]` })
    })
    if (malformed.length > 0) throw validationError(malformed)
    if (unknown.length > 0) throw new LineApiError(400, 'Failed to send messages', unknown)

    const recipients = [...new Set(body.to)].map((id) => ctx.channel.users[id]).filter(isFriend)
    assertQuota(ctx.channel, recipients.length, ctx.now)
    consumeQuota(ctx.channel, recipients.length, ctx.now)
    for (const user of recipients) {
      appendBotMessages(ctx.sim, ctx.channel, user, body.messages as JsonObject[], null, {
        via: 'multicast',
        requestId: ctx.requestId,
        retryKey: ctx.retryKey,
        at: ctx.now,
      })
    }
    acceptRetryKey(ctx.channel, ctx.retryKey, 'multicast', ctx.requestId, ctx.now)
    return { body: {} }
  })
}
