import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import helmet from '@fastify/helmet'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import type { ApiDeps } from './deps'
import { apiTemporalGateway, temporalGateway } from './temporal/gateway'
import { temporalLiveness } from './temporal/liveness'
import { apiError, registerErrorHandler } from './errors'
import { containsNul, nulMessage } from './jsonChecks'
import { healthRoutes } from './health/routes'
import { startOutboxRelay } from './webhooks/outboxRelay'
import { webhookRoutes } from './webhooks/routes'
import { studioApi } from './studioApi'

export interface BuildApiOptions {
  logger?: FastifyServerOptions['logger']
  /** false: no outbox relay, for an app that is only asked for its OpenAPI document. */
  outboxRelay?: boolean
}

/** The Enishi API: LINE webhooks, the studio's JSON API under /api, health and OpenAPI docs. */
export async function buildApi(deps: ApiDeps, options: BuildApiOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: deps.env.LOG_LEVEL },
    requestIdHeader: 'x-request-id',
    trustProxy: deps.env.TRUST_PROXY,
    // LINE bodies are small; the webhook plugin enforces its own 1 MiB limit.
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>()
  app.decorate('deps', { ...deps, workflows: apiTemporalGateway(deps.temporal, deps.taskQueue, app.log) })
  app.decorate('temporalLiveness', temporalLiveness(deps.temporal))
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandler(app)
  // helmet's headers; its default CSP suits the docs UI at /docs. Never framed; plain HTTP stays usable.
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { frameAncestors: ["'none'"], upgradeInsecureRequests: null } },
    frameguard: { action: 'deny' },
  })
  // Every route at once: PostgreSQL cannot store U+0000, so it is a 400 here, not a 500 at the write.
  app.addHook('preValidation', async (request) => {
    if (containsNul([request.query, request.params, request.body])) {
      throw apiError(400, 'invalid_request', nulMessage)
    }
  })

  await app.register(swagger, {
    openapi: { info: { title: 'Enishi API', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  if (options.outboxRelay !== false) {
    // Its failed hand-offs are retried after their lease: the plain gateway, no 503s and no log line each.
    const workflows = temporalGateway(deps.temporal, deps.taskQueue)
    app.decorate(
      'outboxRelay',
      startOutboxRelay({ ...deps, workflows, liveness: app.temporalLiveness, log: app.log }),
    )
    app.addHook('onClose', () => app.outboxRelay.stop())
  }

  await app.register(healthRoutes)
  await app.register(webhookRoutes)
  await app.register(studioApi, { prefix: '/api' })
  return app
}
