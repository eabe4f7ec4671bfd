import type { FastifyInstance } from 'fastify'
import type { Sim } from '../../sim'
import { defineEndpoint } from '../endpoint'

export function infoRoute(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'GET', url: '/info', endpoint: 'info' }, (ctx) => ({
    body: {
      userId: ctx.channel.config.botUserId,
      basicId: ctx.channel.config.basicId,
      displayName: ctx.channel.config.name,
      chatMode: 'bot',
      markAsReadMode: 'manual',
    },
  }))
}
