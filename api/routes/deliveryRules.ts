import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Prisma } from '../../prisma/client'
import { isValidTimeZone } from '../../flow/time'
import { audit } from '../audit'
import { authOf } from '../auth/guard'
import { messageEditors, requireRole } from '../auth/roles'
import { ApiError } from '../errors'
import { channelQuerySchema, errorResponses } from '../schemas/common'
import { deliveryRulesBodySchema, deliveryRulesSchema } from '../schemas/flows'
import { channelFor } from './channels'
import { channelSettingsOf } from './flows'

/** Delivery rules for every scenario send: the channel's time zone, quiet hours, frequency cap. */
export const deliveryRuleRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps

  app.get(
    '/settings/delivery',
    {
      schema: {
        tags: ['settings'],
        summary: 'Time zone, quiet hours and daily frequency cap for scenario sends',
        querystring: channelQuerySchema,
        response: { 200: deliveryRulesSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const channel = await channelFor(prisma, request.query.channelId)
      const settings = channelSettingsOf(channel)
      return {
        timezone: channel.timezone,
        quietHours: settings.quietHours ?? null,
        frequencyCap: settings.frequencyCap ?? null,
      }
    },
  )

  app.put(
    '/settings/delivery',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['settings'],
        summary: 'Replace the delivery rules (an omitted rule is off; an omitted time zone is kept)',
        querystring: channelQuerySchema,
        body: deliveryRulesBodySchema,
        response: { 200: deliveryRulesSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { staff } = authOf(request)
      const channel = await channelFor(prisma, request.query.channelId)
      const body = request.body
      if (body.timezone !== undefined && !isValidTimeZone(body.timezone)) {
        throw new ApiError(400, 'invalid_request', `Unknown time zone "${body.timezone}"`, [
          { path: 'body.timezone', message: 'Unknown time zone (e.g. Asia/Tokyo)' },
        ])
      }
      const before = channelSettingsOf(channel)
      const after = {
        timezone: body.timezone ?? channel.timezone,
        quietHours: body.quietHours ?? null,
        frequencyCap: body.frequencyCap ?? null,
      }
      const rules = { quietHours: after.quietHours, frequencyCap: after.frequencyCap }
      await prisma.$transaction(async (tx) => {
        await tx.channel.update({
          where: { id: channel.id },
          data: { timezone: after.timezone, deliveryRules: rules as Prisma.InputJsonValue },
        })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'delivery_rules.update',
          target: `channel:${channel.id}`,
          details: { before, after } as unknown as Prisma.InputJsonValue,
          ip: request.ip,
        })
      })
      return after
    },
  )
}
