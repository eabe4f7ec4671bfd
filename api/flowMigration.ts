import { z } from 'zod'
import { WorkflowNotFoundError, type Client } from '@temporalio/client'
import type { FastifyBaseLogger } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { PrismaClient } from '../prisma/client'
import { normalizeFlow, type FlowDefinition } from '../flow/graph'
import {
  isResumable,
  migrationTarget,
  scenarioSignals,
  type ScenarioMigration,
} from '../workflows/scenarioInput'
import { audit } from './audit'
import { authOf } from './auth/guard'
import { administrators, requireRole } from './auth/roles'
import { ApiError } from './errors'
import { errorResponses, idSchema } from './schemas/common'
import {
  flowVersionDetailSchema,
  flowVersionSummarySchema,
  migrationBodySchema,
  migrationPreviewQuerySchema,
  migrationPreviewSchema,
  migrationResultSchema,
  stopFlowResultSchema,
} from './schemas/flows'

const active = ['running', 'waiting'] as const
/** Signals in flight at once: enough to move thousands of friends quickly without flooding Temporal. */
const signalConcurrency = 32

/**
 * Signals a run's workflow by ID. `false` when the workflow no longer exists (nothing will ever end
 * that run); any other failure is a 503 for the caller to retry.
 */
export async function signalRun(
  temporal: Client,
  log: FastifyBaseLogger,
  workflowId: string,
  signal: keyof typeof scenarioSignals,
  arg: unknown,
): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(workflowId).signal(scenarioSignals[signal], arg)
    return true
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false
    log.warn({ err, workflowId }, `${signal} signal failed`)
    throw new ApiError(503, 'temporal_unavailable', 'Could not reach the workflow service; try again')
  }
}

/** Signals every workflow (a few at a time); returns the IDs whose workflow no longer exists. */
async function signalAll(
  temporal: Client,
  log: FastifyBaseLogger,
  workflowIds: string[],
  signal: keyof typeof scenarioSignals,
  arg: unknown,
): Promise<Set<string>> {
  const gone = new Set<string>()
  for (let i = 0; i < workflowIds.length; i += signalConcurrency) {
    const batch = workflowIds.slice(i, i + signalConcurrency)
    const told = await Promise.all(batch.map((id) => signalRun(temporal, log, id, signal, arg)))
    batch.forEach((id, j) => told[j] || gone.add(id))
  }
  return gone
}

/** Nodes of a version by ID, with their types. */
function nodeTypes(definition: FlowDefinition): Map<string, string> {
  return new Map(definition.nodes.map((n) => [n.id, n.type]))
}

/**
 * Flow versions and what happens to running friends across them: the version list, one immutable
 * version, moving running friends to the newest version (preview and apply), and stopping every run.
 */
export const flowMigrationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma, temporal } = app.deps

  async function flowOr404(id: string) {
    const flow = await prisma.flow.findUnique({ where: { id } })
    if (!flow) throw new ApiError(404, 'not_found', 'No such flow')
    return flow
  }

  async function versionOr404(flowId: string, version: number) {
    const row = await prisma.flowVersion.findUnique({ where: { flowId_version: { flowId, version } } })
    if (!row) throw new ApiError(404, 'not_found', `No version ${version} of this flow`)
    return row
  }

  app.get(
    '/flows/:id/versions',
    {
      schema: {
        tags: ['flows'],
        summary: 'Published versions, newest first, with who published them and their runs in progress',
        params: z.object({ id: idSchema }),
        response: {
          200: z.object({ items: z.array(flowVersionSummarySchema) }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const flow = await flowOr404(request.params.id)
      const [versions, running] = await Promise.all([
        prisma.flowVersion.findMany({
          where: { flowId: flow.id },
          select: { version: true, publishedAt: true, publishedById: true },
          orderBy: { version: 'desc' },
        }),
        prisma.scenarioRun.groupBy({
          by: ['version'],
          where: { flowId: flow.id, status: { in: [...active] } },
          _count: { _all: true },
        }),
      ])
      const publishers = await publishersOf(prisma, versions)
      return {
        items: versions.map((v) => ({
          version: v.version,
          publishedAt: v.publishedAt,
          publishedBy: publishers.get(v.publishedById ?? '') ?? null,
          running: running.find((g) => g.version === v.version)?._count._all ?? 0,
        })),
      }
    },
  )

  app.get(
    '/flows/:id/versions/:version',
    {
      schema: {
        tags: ['flows'],
        summary: 'One published version: the immutable graph its runs follow',
        params: z.object({ id: idSchema, version: z.coerce.number().int().min(1) }),
        response: { 200: flowVersionDetailSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const flow = await flowOr404(request.params.id)
      const row = await versionOr404(flow.id, request.params.version)
      const publishers = await publishersOf(prisma, [row])
      return {
        version: row.version,
        publishedAt: row.publishedAt,
        publishedBy: publishers.get(row.publishedById ?? '') ?? null,
        definition: row.definition,
      }
    },
  )

  /** Runs in progress on versions older than `toVersion`, grouped by version and node. */
  async function olderGroups(flowId: string, toVersion: number) {
    return prisma.scenarioRun.groupBy({
      by: ['version', 'currentNodeId'],
      where: { flowId, status: { in: [...active] }, version: { lt: toVersion } },
      _count: { _all: true },
      orderBy: [{ version: 'asc' }, { currentNodeId: 'asc' }],
    })
  }

  app.get(
    '/flows/:id/migration',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['flows'],
        summary:
          'Preview moving running friends to a version: where they wait and whether that node exists there',
        params: z.object({ id: idSchema }),
        querystring: migrationPreviewQuerySchema,
        response: { 200: migrationPreviewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const flow = await flowOr404(request.params.id)
      const toVersion = request.query.to ?? flow.latestVersion
      if (toVersion < 1) throw new ApiError(404, 'not_found', 'The scenario has no published version')
      const target = (await versionOr404(flow.id, toVersion)).definition as unknown as FlowDefinition
      const groups = await olderGroups(flow.id, toVersion)
      const fromVersions = await prisma.flowVersion.findMany({
        where: { flowId: flow.id, version: { in: [...new Set(groups.map((g) => g.version))] } },
        select: { version: true, definition: true },
      })
      const typesOf = new Map(
        fromVersions.map((v) => [v.version, nodeTypes(v.definition as unknown as FlowDefinition)]),
      )
      const targetTypes = nodeTypes(target)
      return {
        toVersion,
        latestVersion: flow.latestVersion,
        total: groups.reduce((n, g) => n + g._count._all, 0),
        groups: groups.map((g) => {
          const nodeId = g.currentNodeId
          return {
            fromVersion: g.version,
            nodeId,
            fromType: (nodeId && typesOf.get(g.version)?.get(nodeId)) ?? null,
            count: g._count._all,
            inTarget: !!nodeId && targetTypes.has(nodeId),
            targetType: (nodeId && targetTypes.get(nodeId)) ?? null,
            resumable: !!nodeId && isResumable(target, nodeId),
          }
        }),
        targetNodes: target.nodes
          .filter((n) => isResumable(target, n.id))
          .map((n) => ({ id: n.id, type: n.type, version: n.version })),
      }
    },
  )

  app.post(
    '/flows/:id/migration',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['flows'],
        summary:
          'Move running friends to the newest version: each goes on at its node’s counterpart (audited)',
        params: z.object({ id: idSchema }),
        body: migrationBodySchema,
        response: { 202: migrationResultSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const flow = await flowOr404(request.params.id)
      const { toVersion, unmapped } = request.body
      const explicit = request.body.mapping ?? {}
      if (flow.latestVersion < 1 || toVersion !== flow.latestVersion) {
        throw new ApiError(400, 'invalid_request', 'Running friends can only move to the newest version', [
          { path: 'body.toVersion', message: `Must be the newest published version (${flow.latestVersion})` },
        ])
      }
      // Runs get flows normalized (see normalizeFlow): the interpreter in the workflow trusts them.
      const checked = normalizeFlow((await versionOr404(flow.id, toVersion)).definition)
      // Published versions validated when published; only a broken node spec gets here.
      if (!checked.ok || !checked.flow) throw new Error(`Flow ${flow.id} v${toVersion} no longer validates`)
      const definition = checked.flow
      const types = nodeTypes(definition)
      const problems = Object.entries(explicit).flatMap(([from, to]) => {
        const path = `body.mapping.${from}`
        if (!types.has(to)) return [{ path, message: `No node ${to} in version ${toVersion}` }]
        if (!isResumable(definition, to)) return [{ path, message: 'A run cannot go on at a trigger' }]
        return []
      })
      if (problems.length) {
        throw new ApiError(
          400,
          'invalid_request',
          `Invalid mapping: ${problems.map((p) => p.path).join(', ')}`,
          problems,
        )
      }
      // Same-ID nodes carry over unless the staff mapped them elsewhere.
      const sameId = definition.nodes.filter((n) => isResumable(definition, n.id)).map((n) => [n.id, n.id])
      const migration: ScenarioMigration = {
        toVersion,
        definition,
        mapping: { ...Object.fromEntries(sameId), ...explicit },
        unmapped,
      }
      const runs = await prisma.scenarioRun.findMany({
        where: { flowId: flow.id, status: { in: [...active] }, version: { lt: toVersion } },
        select: { workflowId: true, currentNodeId: true, version: true },
      })
      const outcomes = { moved: 0, restarted: 0, ended: 0 }
      for (const run of runs) {
        const kind = run.currentNodeId ? migrationTarget(migration, run.currentNodeId).kind : unmapped
        outcomes[kind === 'node' ? 'moved' : kind === 'restart' ? 'restarted' : 'ended']++
      }
      const gone = await signalAll(
        temporal,
        request.log,
        [...new Set(runs.map((r) => r.workflowId))],
        'migrate',
        migration,
      )
      const notFound = runs.filter((r) => gone.has(r.workflowId)).length
      const result = {
        toVersion,
        runs: runs.length,
        signalled: runs.length - notFound,
        notFound,
        ...outcomes,
      }
      await audit(prisma, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'flow.migrate',
        target: `flow:${flow.id}`,
        details: {
          fromVersions: [...new Set(runs.map((r) => r.version))].sort((a, b) => a - b),
          mapping: explicit,
          unmapped,
          ...result,
        },
        ip: request.ip,
      })
      return reply.code(202).send(result)
    },
  )

  app.post(
    '/flows/:id/stop',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['flows'],
        summary: 'Stop: no new entries (an active scenario is paused) and every run in progress ends',
        params: z.object({ id: idSchema }),
        response: { 200: stopFlowResultSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { staff } = authOf(request)
      const flow = await flowOr404(request.params.id)
      // Entries stop first, so no friend enters between the run list and the signals.
      const status = flow.status === 'active' ? 'paused' : flow.status
      if (status !== flow.status) {
        await prisma.flow.updateMany({ where: { id: flow.id, status: flow.status }, data: { status } })
      }
      const runs = await prisma.scenarioRun.findMany({
        where: { flowId: flow.id, status: { in: [...active] } },
        select: { id: true, workflowId: true },
      })
      const gone = await signalAll(
        temporal,
        request.log,
        [...new Set(runs.map((r) => r.workflowId))],
        'stop',
        { detail: 'flow.stop', by: staff.id },
      )
      const orphans = runs.filter((r) => gone.has(r.workflowId)).map((r) => r.id)
      const result = {
        status,
        runs: runs.length,
        signalled: runs.length - orphans.length,
        notFound: orphans.length,
      }
      await prisma.$transaction(async (tx) => {
        // Nothing will ever finish a run whose workflow is gone: record the end here.
        if (orphans.length) {
          await tx.scenarioRun.updateMany({
            where: { id: { in: orphans }, status: { in: [...active] } },
            data: { status: 'cancelled', endReason: 'stopped', endedAt: new Date(), nextFireAt: null },
          })
        }
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'flow.stop',
          target: `flow:${flow.id}`,
          details: { before: { status: flow.status }, after: { status }, ...result },
          ip: request.ip,
        })
      })
      return result
    },
  )
}

/** Names of the staff who published these versions. */
async function publishersOf(prisma: PrismaClient, versions: { publishedById: string | null }[]) {
  const ids = [...new Set(versions.map((v) => v.publishedById).filter((id): id is string => !!id))]
  const staff = ids.length
    ? await prisma.staff.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    : []
  return new Map(staff.map((s) => [s.id, s]))
}
