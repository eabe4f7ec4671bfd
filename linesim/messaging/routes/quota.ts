import type { FastifyInstance } from 'fastify'
import { quotaUsage } from '../../limits/quota'
import type { Sim } from '../../sim'
import { defineEndpoint } from '../endpoint'

export function quotaRoutes(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'GET', url: '/message/quota', endpoint: 'quota' }, (ctx) => {
    const limit = ctx.channel.limits.monthlyQuota
    return { body: limit === null ? { type: 'none' } : { type: 'limited', value: limit } }
  })

  defineEndpoint(
    app,
    sim,
    { method: 'GET', url: '/message/quota/consumption', endpoint: 'quotaConsumption' },
    (ctx) => ({ body: { totalUsage: quotaUsage(ctx.channel, ctx.now) } }),
  )
}
