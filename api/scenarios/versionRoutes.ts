import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses, idParamsSchema } from '../schemas/common'
import {
  flowVersionDetailSchema,
  flowVersionListSchema,
  flowVersionParamsSchema,
  migrationBodySchema,
  migrationPreviewQuerySchema,
  migrationPreviewSchema,
  migrationResultSchema,
  stopFlowResultSchema,
} from './schemas'
import { listVersions, migrateRuns, migrationPreview, stopFlow, versionDetail } from './versionService'

/**
 * Flow versions and what happens to running friends across them: the version list, one immutable
 * version, moving running friends to the newest version (preview and apply), and stopping every run.
 */
export const flowVersionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { workflows } = app.deps

  app.get(
    '/flows/:id/versions',
    {
      config: { policy: 'scenarios.view' },
      schema: {
        tags: ['flows'],
        summary: 'Published versions, newest first, with who published them and their runs in progress',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 200: flowVersionListSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return listVersions(ctx, request.params.id)
    },
  )

  app.get(
    '/flows/:id/versions/:version',
    {
      config: { policy: 'scenarios.view' },
      schema: {
        tags: ['flows'],
        summary: 'One published version: the immutable graph its runs follow',
        params: flowVersionParamsSchema,
        querystring: channelQuerySchema,
        response: { 200: flowVersionDetailSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return versionDetail(ctx, request.params.id, request.params.version)
    },
  )

  app.get(
    '/flows/:id/migration',
    {
      config: { policy: 'runs.edit' },
      schema: {
        tags: ['flows'],
        summary:
          'Preview moving running friends to a version: where they wait and whether that node exists there',
        params: idParamsSchema,
        querystring: migrationPreviewQuerySchema,
        response: { 200: migrationPreviewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return migrationPreview(ctx, request.params.id, request.query.to)
    },
  )

  app.post(
    '/flows/:id/migration',
    {
      config: { policy: 'runs.edit' },
      schema: {
        tags: ['flows'],
        summary:
          'Move running friends to the newest version: each goes on at its node’s counterpart (audited)',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        body: migrationBodySchema,
        response: { 202: migrationResultSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      const result = await migrateRuns(ctx, workflows, request.params.id, request.body)
      return reply.code(202).send(result)
    },
  )

  app.post(
    '/flows/:id/stop',
    {
      config: { policy: 'runs.edit' },
      schema: {
        tags: ['flows'],
        summary: 'Stop: no new entries (an active scenario is paused) and every run in progress ends',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 200: stopFlowResultSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return stopFlow(ctx, workflows, request.params.id)
    },
  )
}
