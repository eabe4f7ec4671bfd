import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { administrators, requireRole } from '../auth/roles'
import { errorResponses, pageOf, pageQuerySchema } from '../schemas/common'

const auditEntrySchema = z.object({
  /** A BigInt in the database; a string here so JSON never rounds it. */
  id: z.string(),
  at: z.date(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.unknown(),
  ip: z.string().nullable(),
})

/** The append-only audit log, newest first; owners and 副管理者 only. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps

  app.get(
    '/audit',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first',
        querystring: pageQuerySchema,
        response: { 200: pageOf(auditEntrySchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { page, pageSize } = request.query
      const [rows, total] = await Promise.all([
        prisma.auditLog.findMany({ orderBy: { id: 'desc' }, skip: (page - 1) * pageSize, take: pageSize }),
        prisma.auditLog.count(),
      ])
      return { items: rows.map((row) => ({ ...row, id: row.id.toString() })), total, page, pageSize }
    },
  )
}
