import { BlockList, isIP } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { LineApiError } from '../errors'
import type { Sim } from '../sim'
import { channelRoutes } from './routes/channels'
import { inspectRoutes } from './routes/inspect'
import { systemRoutes } from './routes/system'
import { userEventRoutes } from './routes/userEvents'
import { userRoutes } from './routes/users'
import { webhookAdminRoutes } from './routes/webhook'

const loopback = new BlockList()
loopback.addSubnet('127.0.0.0', 8, 'ipv4')
loopback.addAddress('::1', 'ipv6')

/** 127.0.0.0/8, ::1 (also IPv4-mapped) or `localhost`. */
export function isLoopback(host: string): boolean {
  const family = isIP(host)
  return host === 'localhost' || (family !== 0 && loopback.check(host, family === 6 ? 'ipv6' : 'ipv4'))
}

/**
 * The simulator's own control and inspection API, mounted at `/_sim`. No authentication — it hands
 * out channel secrets and points webhooks anywhere — so it answers only this machine, whatever
 * address the simulator listens on.
 */
export function adminPlugin(sim: Sim) {
  return async function (app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', async (request) => {
      if (!isLoopback(request.socket.remoteAddress ?? '')) {
        throw new LineApiError(403, 'The simulator admin API answers only this machine')
      }
    })
    systemRoutes(app, sim)
    channelRoutes(app, sim)
    userRoutes(app, sim)
    userEventRoutes(app, sim)
    inspectRoutes(app, sim)
    webhookAdminRoutes(app, sim)
  }
}
