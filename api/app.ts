import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import type { ApiDeps } from './deps'
import { temporalLiveness } from './temporalLiveness'
import { registerErrorHandler } from './errors'
import { startOutboxRelay } from './outboxRelay'
import { healthRoutes } from './routes/health'
import { webhookRoutes } from './routes/webhooks'
import { studioApi } from './studioApi'

export interface BuildApiOptions {
  logger?: FastifyServerOptions['logger']
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
  app.decorate('deps', deps)
  app.decorate('temporalLiveness', temporalLiveness(deps.temporal))
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  registerErrorHandler(app)

  await app.register(swagger, {
    openapi: { info: { title: 'Enishi API', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })

  app.decorate('outboxRelay', startOutboxRelay({ ...deps, liveness: app.temporalLiveness, log: app.log }))
  app.addHook('onClose', () => app.outboxRelay.stop())

  await app.register(healthRoutes)
  await app.register(webhookRoutes)
  await app.register(studioApi, { prefix: '/api' })
  return app
}
