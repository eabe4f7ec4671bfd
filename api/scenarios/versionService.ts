import { normalizeFlow, type FlowDefinition } from '../../flow/graph'
import { isResumable, migrationTarget } from '../../flow/migration'
import type { scenarioSignals, ScenarioMigration } from '../../workflows/contracts/scenario'
import type { SignalArgs } from '../../workflows/contracts/signals'
import { staffAction } from '../audit/log'
import { ApiError } from '../errors'
import { loadAuthorized, scope } from '../policy'
import type { StaffContext } from '../policy/context'
import type { TemporalGateway } from '../temporal/gateway'
import type { MigrationBody } from './schemas'

/**
 * Flow versions and what happens to running friends across them: the version list, one immutable
 * version, moving running friends to the newest version (preview and apply), and stopping every run.
 */

const active = ['running', 'waiting'] as const
/** Signals in flight at once: enough to move thousands of friends quickly without flooding Temporal. */
const signalConcurrency = 32

/** Signals every workflow (a few at a time); returns the IDs whose workflow no longer exists. */
async function signalAll<K extends 'stop' | 'migrate'>(
  workflows: TemporalGateway,
  workflowIds: string[],
  signal: K,
  ...args: SignalArgs<(typeof scenarioSignals)[K]>
): Promise<Set<string>> {
  const gone = new Set<string>()
  for (let i = 0; i < workflowIds.length; i += signalConcurrency) {
    const batch = workflowIds.slice(i, i + signalConcurrency)
    const told = await Promise.all(batch.map((id) => workflows.signalScenarioRun(id, signal, ...args)))
    batch.forEach((id, j) => told[j] || gone.add(id))
  }
  return gone
}

/** Nodes of a version by ID, with their types. */
function nodeTypes(definition: FlowDefinition): Map<string, string> {
  return new Map(definition.nodes.map((n) => [n.id, n.type]))
}

async function versionOf(ctx: StaffContext, flowId: string, version: number) {
  const row = await ctx.prisma.flowVersion.findUnique({ where: { flowId_version: { flowId, version } } })
  if (!row) throw new ApiError(404, 'not_found', `No version ${version} of this flow`)
  return row
}

/** The flow's runs in progress, within what the actor may see. */
function activeRuns(ctx: StaffContext, flowId: string) {
  return { ...scope(ctx.actor, 'scenarioRun', ctx.channel.id), flowId, status: { in: [...active] } }
}

/** Names of the staff who published these versions. */
async function publishersOf(ctx: StaffContext, versions: { publishedById: string | null }[]) {
  const ids = [...new Set(versions.map((v) => v.publishedById).filter((id): id is string => !!id))]
  const staff = ids.length
    ? await ctx.prisma.staff.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    : []
  return new Map(staff.map((s) => [s.id, s]))
}

/** Published versions, newest first, with who published them and their runs in progress. */
export async function listVersions(ctx: StaffContext, flowId: string) {
  const flow = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, flowId)
  const [versions, running] = await Promise.all([
    ctx.prisma.flowVersion.findMany({
      where: { flowId: flow.id },
      select: { version: true, publishedAt: true, publishedById: true },
      orderBy: { version: 'desc' },
    }),
    ctx.prisma.scenarioRun.groupBy({
      by: ['version'],
      where: activeRuns(ctx, flow.id),
      _count: { _all: true },
    }),
  ])
  const publishers = await publishersOf(ctx, versions)
  return {
    items: versions.map((v) => ({
      version: v.version,
      publishedAt: v.publishedAt,
      publishedBy: publishers.get(v.publishedById ?? '') ?? null,
      running: running.find((g) => g.version === v.version)?._count._all ?? 0,
    })),
  }
}

/** One published version: the immutable graph its runs follow. */
export async function versionDetail(ctx: StaffContext, flowId: string, version: number) {
  const flow = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, flowId)
  const row = await versionOf(ctx, flow.id, version)
  const publishers = await publishersOf(ctx, [row])
  return {
    version: row.version,
    publishedAt: row.publishedAt,
    publishedBy: publishers.get(row.publishedById ?? '') ?? null,
    definition: row.definition,
  }
}

/** Where running friends on older versions wait, and whether that node exists in version `to`. */
export async function migrationPreview(ctx: StaffContext, flowId: string, to: number | undefined) {
  const flow = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, flowId)
  const toVersion = to ?? flow.latestVersion
  if (toVersion < 1) throw new ApiError(404, 'not_found', 'The scenario has no published version')
  const target = (await versionOf(ctx, flow.id, toVersion)).definition as unknown as FlowDefinition
  const groups = await ctx.prisma.scenarioRun.groupBy({
    by: ['version', 'currentNodeId'],
    where: { ...activeRuns(ctx, flow.id), version: { lt: toVersion } },
    _count: { _all: true },
    orderBy: [{ version: 'asc' }, { currentNodeId: 'asc' }],
  })
  const fromVersions = await ctx.prisma.flowVersion.findMany({
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
}

/** Moves running friends to the newest version: each goes on at its node's counterpart (audited). */
export async function migrateRuns(
  ctx: StaffContext,
  workflows: TemporalGateway,
  flowId: string,
  { toVersion, mapping, unmapped }: MigrationBody,
) {
  const flow = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, flowId)
  const explicit = mapping ?? {}
  if (flow.latestVersion < 1 || toVersion !== flow.latestVersion) {
    throw new ApiError(400, 'invalid_request', 'Running friends can only move to the newest version', [
      { path: 'body.toVersion', message: `Must be the newest published version (${flow.latestVersion})` },
    ])
  }
  // Runs get flows normalized (see normalizeFlow): the interpreter in the workflow trusts them.
  const checked = normalizeFlow((await versionOf(ctx, flow.id, toVersion)).definition)
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
  const runs = await ctx.prisma.scenarioRun.findMany({
    where: { ...activeRuns(ctx, flow.id), version: { lt: toVersion } },
    select: { workflowId: true, currentNodeId: true, version: true },
  })
  const outcomes = { moved: 0, restarted: 0, ended: 0 }
  for (const run of runs) {
    const kind = run.currentNodeId ? migrationTarget(migration, run.currentNodeId).kind : unmapped
    outcomes[kind === 'node' ? 'moved' : kind === 'restart' ? 'restarted' : 'ended']++
  }
  const gone = await signalAll(workflows, [...new Set(runs.map((r) => r.workflowId))], 'migrate', migration)
  const notFound = runs.filter((r) => gone.has(r.workflowId)).length
  const result = {
    toVersion,
    runs: runs.length,
    signalled: runs.length - notFound,
    notFound,
    ...outcomes,
  }
  // The signals are out: the audit row records them, there is nothing left to roll back.
  return staffAction(ctx, 'flow.migrate', async () => ({
    result,
    target: `flow:${flow.id}`,
    details: {
      fromVersions: [...new Set(runs.map((r) => r.version))].sort((a, b) => a - b),
      mapping: explicit,
      unmapped,
      ...result,
    },
  }))
}

/** Stop: no new entries (an active scenario is paused) and every run in progress ends. */
export async function stopFlow(ctx: StaffContext, workflows: TemporalGateway, flowId: string) {
  const flow = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, flowId)
  // Entries stop first, so no friend enters between the run list and the signals.
  const status = flow.status === 'active' ? 'paused' : flow.status
  if (status !== flow.status) {
    await ctx.prisma.flow.updateMany({ where: { id: flow.id, status: flow.status }, data: { status } })
  }
  const runs = await ctx.prisma.scenarioRun.findMany({
    where: activeRuns(ctx, flow.id),
    select: { id: true, workflowId: true },
  })
  const gone = await signalAll(workflows, [...new Set(runs.map((r) => r.workflowId))], 'stop', {
    detail: 'flow.stop',
    by: ctx.actor.id,
  })
  const orphans = runs.filter((r) => gone.has(r.workflowId)).map((r) => r.id)
  const result = {
    status,
    runs: runs.length,
    signalled: runs.length - orphans.length,
    notFound: orphans.length,
  }
  return staffAction(ctx, 'flow.stop', async (tx) => {
    // Nothing will ever finish a run whose workflow is gone: record the end here.
    if (orphans.length) {
      await tx.scenarioRun.updateMany({
        where: { id: { in: orphans }, status: { in: [...active] } },
        data: { status: 'cancelled', endReason: 'stopped', endedAt: new Date(), nextFireAt: null },
      })
    }
    return {
      result,
      target: `flow:${flow.id}`,
      details: { before: { status: flow.status }, after: { status }, ...result },
    }
  })
}
