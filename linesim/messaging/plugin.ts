import type { FastifyInstance, FastifyRequest } from 'fastify'
import { LineApiError } from '../errors'
import type { Sim } from '../sim'
import { requestInfo } from './requestInfo'
import { logRequest } from './requestLog'
import { broadcastRoute } from './routes/broadcast'
import { chatRoutes } from './routes/chat'
import { infoRoute } from './routes/info'
import { multicastRoute } from './routes/multicast'
import { narrowcastRoutes } from './routes/narrowcast'
import { profileRoutes } from './routes/profile'
import { pushRoute } from './routes/push'
import { quotaRoutes } from './routes/quota'
import { replyRoute } from './routes/reply'
import { webhookRoutes } from './routes/webhook'

function authenticate(sim: Sim, request: FastifyRequest): void {
  const info = requestInfo(request)
  const header = request.headers.authorization
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null
  if (!match?.[1]) {
    throw new LineApiError(
      401,
      "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
    )
  }
  const channel = sim.store.channelByAccessToken(match[1])
  if (!channel) {
    throw new LineApiError(
      401,
      'Authentication failed. Confirm that the access token in the authorization header is valid.',
    )
  }
  if (info) info.channel = channel
}

/** LINE's side of the Messaging API, mounted at `/v2/bot`. */
export function messagingPlugin(sim: Sim) {
  return async function (app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', async (request) => authenticate(sim, request))
    app.addHook('onSend', async (request, _reply, payload) => {
      const info = requestInfo(request)
      if (info) info.payload = payload
      return payload
    })
    app.addHook('onResponse', async (request, reply) => logRequest(sim, request, reply))
    app.setNotFoundHandler(async () => {
      throw new LineApiError(404, 'Not found')
    })

    replyRoute(app, sim)
    pushRoute(app, sim)
    multicastRoute(app, sim)
    broadcastRoute(app, sim)
    narrowcastRoutes(app, sim)
    profileRoutes(app, sim)
    quotaRoutes(app, sim)
    chatRoutes(app, sim)
    infoRoute(app, sim)
    webhookRoutes(app, sim)
  }
}
