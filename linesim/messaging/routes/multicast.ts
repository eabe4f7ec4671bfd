import type { FastifyInstance } from 'fastify'
import { LineApiError, validationError, type LineErrorDetail } from '../../errors'
import { USER_ID_PATTERN } from '../../ids'
import type { Sim } from '../../sim'
import type { JsonObject } from '../../state/types'
import { parseLineBody } from '../../validation/details'
import { multicastBodySchema } from '../../validation/sendBodies'
import { isFriend, sendToAll } from '../delivery'
import { defineEndpoint } from '../endpoint'
import { rejectAcceptedRetryKey } from '../retryKeys'

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
    return sendToAll(ctx, 'multicast', recipients, body.messages as JsonObject[])
  })
}
