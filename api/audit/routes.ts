import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { errorResponses, pageQuerySchema } from '../schemas/common'
import { auditPageSchema } from './schemas'
import { listAuditEntries } from './service'

/** The append-only audit log, newest first (api/policy: `audit.view`). */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit',
    {
      config: { policy: 'audit.view' },
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first',
        querystring: pageQuerySchema,
        response: { 200: auditPageSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listAuditEntries(app.deps.prisma, request.query.page, request.query.pageSize),
  )
}
