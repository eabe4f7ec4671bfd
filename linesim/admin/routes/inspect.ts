import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Sim } from '../../sim'
import { parseInput, requireChannel, requireUser } from '../common'

const requestsQuery = z.object({
  endpoint: z.string().optional(),
  status: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).optional(),
})

const deliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).optional() })

/** The newest `limit` entries, still in chronological order. */
function tail<T>(items: T[], limit: number | undefined): T[] {
  return limit === undefined ? items : items.slice(-limit)
}

export function inspectRoutes(app: FastifyInstance, sim: Sim): void {
  app.get('/channels/:channelId/users/:userId/chat', async (request) => {
    const { channel, user } = requireUser(sim, request.params)
    return { items: channel.chats[user.userId] ?? [] }
  })

  app.get('/channels/:channelId/requests', async (request) => {
    const channel = requireChannel(sim, request.params)
    const query = parseInput(requestsQuery, request.query)
    const requests = channel.requests.filter(
      (r) =>
        (query.endpoint === undefined || r.endpoint === query.endpoint) &&
        (query.status === undefined || r.status === query.status),
    )
    return { requests: tail(requests, query.limit) }
  })

  app.get('/channels/:channelId/deliveries', async (request) => {
    const channel = requireChannel(sim, request.params)
    const query = parseInput(deliveriesQuery, request.query)
    return { deliveries: tail(channel.deliveries, query.limit) }
  })

  app.get('/channels/:channelId/narrowcasts', async (request) => {
    const channel = requireChannel(sim, request.params)
    return { narrowcasts: Object.values(channel.narrowcasts) }
  })
}
