import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Prisma } from '../../prisma/client'
import { temporalConfig } from '../../temporal.config'
import { audit } from '../audit'
import { signalRun } from '../flowMigration'
import { authOf } from '../auth/guard'
import { administrators, requireRole } from '../auth/roles'
import { ApiError } from '../errors'
import { errorResponses, idSchema, pageOf, pageQuerySchema } from '../schemas/common'
import { runDetailSchema, runStatusSchema, runSummarySchema } from '../schemas/flows'

const runInclude = {
  flow: { select: { name: true } },
  friend: { select: { id: true, displayName: true, pictureUrl: true } },
} as const satisfies Prisma.ScenarioRunInclude

type RunRow = Prisma.ScenarioRunGetPayload<{ include: typeof runInclude }>

function summary(run: RunRow) {
  return {
    id: run.id,
    flowId: run.flowId,
    flowName: run.flow.name,
    friend: run.friend,
    version: run.version,
    status: run.status,
    currentNodeId: run.currentNodeId,
    nextFireAt: run.nextFireAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    endReason: run.endReason,
    workflowId: run.workflowId,
  }
}

/** The run's workflow in the Temporal Web UI (the local dev server's by default). */
export function temporalUiUrl(workflowId: string): string {
  const { devServer, namespace } = temporalConfig
  return (
    `http://127.0.0.1:${devServer.uiPort}/namespaces/${encodeURIComponent(namespace)}` +
    `/workflows/${encodeURIComponent(workflowId)}`
  )
}

const listQuerySchema = pageQuerySchema.extend({ status: runStatusSchema.optional() })

/** Scenario runs: one friend's journey through one flow version, with its trace. */
export const runRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma, temporal } = app.deps

  async function page(where: Prisma.ScenarioRunWhereInput, pageNo: number, pageSize: number) {
    const [rows, total] = await Promise.all([
      prisma.scenarioRun.findMany({
        where,
        include: runInclude,
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        skip: (pageNo - 1) * pageSize,
        take: pageSize,
      }),
      prisma.scenarioRun.count({ where }),
    ])
    return { items: rows.map(summary), total, page: pageNo, pageSize }
  }

  app.get(
    '/flows/:id/runs',
    {
      schema: {
        tags: ['runs'],
        summary: 'Runs of a scenario, newest first',
        params: z.object({ id: idSchema }),
        querystring: listQuerySchema,
        response: { 200: pageOf(runSummarySchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const flow = await prisma.flow.findUnique({ where: { id: request.params.id }, select: { id: true } })
      if (!flow) throw new ApiError(404, 'not_found', 'No such flow')
      const { status, page: pageNo, pageSize } = request.query
      return page({ flowId: flow.id, ...(status ? { status } : {}) }, pageNo, pageSize)
    },
  )

  app.get(
    '/friends/:id/runs',
    {
      schema: {
        tags: ['runs'],
        summary: "A friend's scenario runs, newest first",
        params: z.object({ id: idSchema }),
        querystring: listQuerySchema,
        response: { 200: pageOf(runSummarySchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const friend = await prisma.friend.findUnique({
        where: { id: request.params.id },
        select: { id: true },
      })
      if (!friend) throw new ApiError(404, 'not_found', 'No such friend')
      const { status, page: pageNo, pageSize } = request.query
      return page({ friendId: friend.id, ...(status ? { status } : {}) }, pageNo, pageSize)
    },
  )

  app.get(
    '/runs/:id',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['runs'],
        summary: 'One run with its trace and its Temporal Web UI link (owner and admins)',
        params: z.object({ id: idSchema }),
        response: { 200: runDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const run = await prisma.scenarioRun.findUnique({
        where: { id: request.params.id },
        include: {
          ...runInclude,
          steps: { select: { at: true, event: true, nodeId: true, data: true }, orderBy: { id: 'asc' } },
        },
      })
      if (!run) throw new ApiError(404, 'not_found', 'No such run')
      return {
        ...summary(run),
        goal: run.goal,
        trigger: run.trigger,
        steps: run.steps,
        temporalUiUrl: temporalUiUrl(run.workflowId),
      }
    },
  )

  app.post(
    '/runs/:id/cancel',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['runs'],
        summary: 'Stop a run (signals its workflow; a run whose workflow is gone is marked cancelled)',
        params: z.object({ id: idSchema }),
        response: {
          202: z.object({ ok: z.literal(true) }),
          ...errorResponses(400, 401, 403, 404, 409, 503),
        },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const run = await prisma.scenarioRun.findUnique({ where: { id: request.params.id } })
      if (!run) throw new ApiError(404, 'not_found', 'No such run')
      if (run.status !== 'running' && run.status !== 'waiting') {
        throw new ApiError(409, 'run_ended', `The run has already ended (${run.status})`)
      }
      const signalled = await signalRun(temporal, request.log, run.workflowId, 'stop', { by: staff.id })
      await prisma.$transaction(async (tx) => {
        if (!signalled) {
          // Nothing will ever finish this run: record the end here.
          await tx.scenarioRun.updateMany({
            where: { id: run.id, status: { in: ['running', 'waiting'] } },
            data: { status: 'cancelled', endReason: 'stopped', endedAt: new Date(), nextFireAt: null },
          })
        }
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'run.cancel',
          target: `run:${run.id}`,
          details: { flowId: run.flowId, friendId: run.friendId, workflowId: run.workflowId, signalled },
          ip: request.ip,
        })
      })
      return reply.code(202).send({ ok: true as const })
    },
  )
}
