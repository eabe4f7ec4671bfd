import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { livenessSchema, readinessSchema } from './schemas'
import { readiness } from './service'

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { tags: ['health'], response: { 200: livenessSchema } } }, async () => ({
    ok: true as const,
  }))

  app.get(
    '/readyz',
    { schema: { tags: ['health'], response: { 200: readinessSchema, 503: readinessSchema } } },
    async (_request, reply) => {
      const ready = await readiness(app.deps)
      return reply.code(ready.ok ? 200 : 503).send(ready)
    },
  )
}
