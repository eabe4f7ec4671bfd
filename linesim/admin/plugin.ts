import type { FastifyInstance } from 'fastify'
import type { Sim } from '../sim'
import { channelRoutes } from './routes/channels'
import { inspectRoutes } from './routes/inspect'
import { systemRoutes } from './routes/system'
import { userEventRoutes } from './routes/userEvents'
import { userRoutes } from './routes/users'
import { webhookAdminRoutes } from './routes/webhook'

/**
 * The simulator's own control and inspection API, mounted at `/_sim`. No authentication: the
 * simulator is a local development and test tool and must never face the internet.
 */
export function adminPlugin(sim: Sim) {
  return async function (app: FastifyInstance): Promise<void> {
    systemRoutes(app, sim)
    channelRoutes(app, sim)
    userRoutes(app, sim)
    userEventRoutes(app, sim)
    inspectRoutes(app, sim)
    webhookAdminRoutes(app, sim)
  }
}
