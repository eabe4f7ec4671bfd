import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses } from '../schemas/common'
import { deliveryRulesBodySchema, deliveryRulesSchema } from './deliverySchemas'
import { deliveryRules, updateDeliveryRules } from './deliveryService'

/** Delivery rules for every scenario send: the channel's time zone, quiet hours, frequency cap. */
export const deliveryRuleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/settings/delivery',
    {
      config: { policy: 'scenarios.view' },
      schema: {
        tags: ['settings'],
        summary: 'Time zone, quiet hours and daily frequency cap for scenario sends',
        querystring: channelQuerySchema,
        response: { 200: deliveryRulesSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => deliveryRules(await staffContext(request, request.query.channelId)),
  )

  app.put(
    '/settings/delivery',
    {
      config: { policy: 'settings.edit' },
      schema: {
        tags: ['settings'],
        summary: 'Replace the delivery rules (an omitted rule is off; an omitted time zone is kept)',
        querystring: channelQuerySchema,
        body: deliveryRulesBodySchema,
        response: { 200: deliveryRulesSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return updateDeliveryRules(ctx, request.body)
    },
  )
}
