import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses, idParamsSchema, pageOf } from '../schemas/common'
import { runCancelResultSchema, runDetailSchema, runListQuerySchema, runSummarySchema } from './schemas'
import { cancelRun, flowRuns, friendRuns, runDetail } from './runService'

/** Scenario runs: one friend's journey through one flow version, with its trace. */
export const runRoutes: FastifyPluginAsyncZod = async (app) => {
  const { workflows } = app.deps

  app.get(
    '/flows/:id/runs',
    {
      // The list was open to every staff member before the policy; one run's trace is runs.view.
      config: { policy: 'scenarios.view' },
      schema: {
        tags: ['runs'],
        summary: 'Runs of a scenario, newest first',
        params: idParamsSchema,
        querystring: runListQuerySchema,
        response: { 200: pageOf(runSummarySchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return flowRuns(ctx, request.params.id, request.query)
    },
  )

  app.get(
    '/friends/:id/runs',
    {
      config: { policy: 'friends.view' },
      schema: {
        tags: ['runs'],
        summary: "A friend's scenario runs, newest first",
        params: idParamsSchema,
        querystring: runListQuerySchema,
        response: { 200: pageOf(runSummarySchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return friendRuns(ctx, request.params.id, request.query)
    },
  )

  app.get(
    '/runs/:id',
    {
      config: { policy: 'runs.view' },
      schema: {
        tags: ['runs'],
        summary: 'One run with its trace and its Temporal Web UI link (owner and admins)',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 200: runDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return runDetail(ctx, request.params.id)
    },
  )

  app.post(
    '/runs/:id/cancel',
    {
      config: { policy: 'runs.edit' },
      schema: {
        tags: ['runs'],
        summary: 'Stop a run (signals its workflow; a run whose workflow is gone is marked cancelled)',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 202: runCancelResultSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      await cancelRun(ctx, workflows, request.params.id)
      return reply.code(202).send({ ok: true as const })
    },
  )
}
