import type { Prisma } from '../../prisma/client'
import { temporalConfig } from '../../temporal.config'
import { staffAction } from '../audit/log'
import { ApiError } from '../errors'
import { loadAuthorized, scope } from '../policy'
import type { StaffContext } from '../policy/context'
import type { TemporalGateway } from '../temporal/gateway'
import type { RunListQuery } from './schemas'

/** Scenario runs: one friend's journey through one flow version, with its trace. */

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
function temporalUiUrl(workflowId: string): string {
  const { devServer, namespace } = temporalConfig
  return (
    `http://127.0.0.1:${devServer.uiPort}/namespaces/${encodeURIComponent(namespace)}` +
    `/workflows/${encodeURIComponent(workflowId)}`
  )
}

/** One page of the runs the actor may see, newest first. */
async function page(ctx: StaffContext, where: Prisma.ScenarioRunWhereInput, query: RunListQuery) {
  const { page: pageNo, pageSize, status } = query
  const scoped = {
    ...where,
    ...scope(ctx.actor, 'scenarioRun', ctx.channel.id),
    ...(status ? { status } : {}),
  }
  const [rows, total] = await Promise.all([
    ctx.prisma.scenarioRun.findMany({
      where: scoped,
      include: runInclude,
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      skip: (pageNo - 1) * pageSize,
      take: pageSize,
    }),
    ctx.prisma.scenarioRun.count({ where: scoped }),
  ])
  return { items: rows.map(summary), total, page: pageNo, pageSize }
}

export async function flowRuns(ctx: StaffContext, flowId: string, query: RunListQuery) {
  const flow = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, flowId)
  return page(ctx, { flowId: flow.id }, query)
}

export async function friendRuns(ctx: StaffContext, friendId: string, query: RunListQuery) {
  const friend = await loadAuthorized(ctx.prisma, ctx.actor, 'friend', ctx.channel.id, friendId)
  return page(ctx, { friendId: friend.id }, query)
}

/** One run with its trace and its Temporal Web UI link. */
export async function runDetail(ctx: StaffContext, id: string) {
  const run = await ctx.prisma.scenarioRun.findFirst({
    where: { id, ...scope(ctx.actor, 'scenarioRun', ctx.channel.id) },
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
}

/** Stops a run by signalling its workflow; a run whose workflow is gone is marked cancelled here. */
export async function cancelRun(ctx: StaffContext, workflows: TemporalGateway, id: string) {
  const run = await loadAuthorized(ctx.prisma, ctx.actor, 'scenarioRun', ctx.channel.id, id)
  if (run.status !== 'running' && run.status !== 'waiting') {
    throw new ApiError(409, 'run_ended', `The run has already ended (${run.status})`)
  }
  const signalled = await workflows.signalScenarioRun(run.workflowId, 'stop', { by: ctx.actor.id })
  await staffAction(ctx, 'run.cancel', async (tx) => {
    if (!signalled) {
      // Nothing will ever finish this run: record the end here.
      await tx.scenarioRun.updateMany({
        where: { id: run.id, status: { in: ['running', 'waiting'] } },
        data: { status: 'cancelled', endReason: 'stopped', endedAt: new Date(), nextFireAt: null },
      })
    }
    return {
      result: undefined,
      target: `run:${run.id}`,
      details: { flowId: run.flowId, friendId: run.friendId, workflowId: run.workflowId, signalled },
    }
  })
}
