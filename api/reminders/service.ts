import type { ReminderSet as SetBody } from '../../flow/reminder'
import type { Prisma, ReminderSet } from '../../prisma/client'
import type { ReminderScheduler, SentReminderStep } from '../../workflows/contracts/reminder'
import { staffAction } from '../audit/log'
import { ApiError } from '../errors'
import { loadAuthorized, scope } from '../policy'
import type { StaffContext } from '../policy/context'
import type { ReminderRunsQuery, StartReminderBody } from './schemas'

function view(set: ReminderSet, scheduled: number) {
  return {
    id: set.id,
    name: set.name,
    status: set.status,
    target:
      set.targetSource === 'field'
        ? { kind: 'field' as const, fieldId: set.targetFieldId }
        : { kind: 'start' as const },
    steps: set.steps as SetBody['steps'],
    scheduled,
    createdAt: set.createdAt,
    updatedAt: set.updatedAt,
  }
}

/** The columns a set body is stored in. */
function columns(body: SetBody) {
  return {
    name: body.name,
    status: body.status,
    targetSource: body.target.kind,
    targetFieldId: body.target.kind === 'field' ? body.target.fieldId : null,
    steps: body.steps as object,
  }
}

/** A bound field must be a date or datetime field of the context's channel (400 naming the field). */
async function checkTarget(tx: Prisma.TransactionClient, ctx: StaffContext, body: SetBody): Promise<void> {
  if (body.target.kind !== 'field') return
  const field = await tx.friendField.findFirst({
    where: { id: body.target.fieldId, ...scope(ctx.actor, 'friendField', ctx.channel.id) },
  })
  if (!field || (field.type !== 'date' && field.type !== 'datetime')) {
    const message = field ? 'The field must be a date or datetime field' : 'No such field in this channel'
    throw new ApiError(400, 'invalid_request', `Invalid request: body.target.fieldId`, [
      { path: 'body.target.fieldId', message },
    ])
  }
}

async function scheduledCounts(ctx: StaffContext, setIds: string[]): Promise<Map<string, number>> {
  const groups = await ctx.prisma.reminderRun.groupBy({
    by: ['setId'],
    where: { setId: { in: setIds }, status: 'scheduled' },
    _count: { _all: true },
  })
  return new Map(groups.map((g) => [g.setId, g._count._all]))
}

async function viewOf(ctx: StaffContext, set: ReminderSet) {
  return view(set, (await scheduledCounts(ctx, [set.id])).get(set.id) ?? 0)
}

const runInclude = {
  friend: { select: { id: true, displayName: true, pictureUrl: true } },
} as const satisfies Prisma.ReminderRunInclude

function runView(run: Prisma.ReminderRunGetPayload<{ include: typeof runInclude }>) {
  return {
    id: run.id,
    setId: run.setId,
    friend: run.friend,
    status: run.status,
    target: run.target,
    nextFireAt: run.nextFireAt,
    sentSteps: run.sentSteps as unknown as SentReminderStep[],
    skippedSteps: run.skippedSteps as string[],
    origin: run.origin,
    endReason: run.endReason,
    workflowId: run.workflowId,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
  }
}

/** The channel's sets, newest first; archived ones only when asked for by status. */
export async function listReminderSets(ctx: StaffContext, status: ReminderSet['status'] | undefined) {
  const sets = await ctx.prisma.reminderSet.findMany({
    where: { ...scope(ctx.actor, 'reminderSet', ctx.channel.id), status: status ?? { not: 'archived' } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  })
  const counts = await scheduledCounts(
    ctx,
    sets.map((s) => s.id),
  )
  return { items: sets.map((s) => view(s, counts.get(s.id) ?? 0)) }
}

export async function createReminderSet(ctx: StaffContext, body: SetBody) {
  const set = await staffAction(ctx, 'reminder.create', async (tx) => {
    await checkTarget(tx, ctx, body)
    const created = await tx.reminderSet.create({
      data: { channelId: ctx.channel.id, createdById: ctx.actor.id, ...columns(body) },
    })
    return { result: created, target: `reminder:${created.id}`, details: { after: body as object } }
  })
  return view(set, 0)
}

export async function getReminderSet(ctx: StaffContext, id: string) {
  return viewOf(ctx, await loadAuthorized(ctx.prisma, ctx.actor, 'reminderSet', ctx.channel.id, id))
}

/** Replaces a set; running reminders keep the steps they started with. */
export async function replaceReminderSet(ctx: StaffContext, id: string, body: SetBody) {
  const after = await staffAction(ctx, 'reminder.update', async (tx) => {
    const before = await loadAuthorized(tx, ctx.actor, 'reminderSet', ctx.channel.id, id)
    await checkTarget(tx, ctx, body)
    const updated = await tx.reminderSet.update({ where: { id: before.id }, data: columns(body) })
    return {
      result: updated,
      target: `reminder:${before.id}`,
      details: { before: view(before, 0) as object, after: body as object },
    }
  })
  return viewOf(ctx, after)
}

/** Archives a set: no new reminders start; running ones go on. */
export async function archiveReminderSet(ctx: StaffContext, id: string) {
  const after = await staffAction(ctx, 'reminder.archive', async (tx) => {
    const set = await loadAuthorized(tx, ctx.actor, 'reminderSet', ctx.channel.id, id)
    const updated = await tx.reminderSet.update({ where: { id: set.id }, data: { status: 'archived' } })
    return {
      result: updated,
      target: `reminder:${set.id}`,
      details: { before: { status: set.status }, after: { status: 'archived' } },
    }
  })
  return viewOf(ctx, after)
}

/**
 * Starts a friend's reminder of an active set with the given target, or moves the running one's.
 * `reminders` is the API's Temporal gateway, whose failures answer 503.
 */
export async function startReminderRun(
  ctx: StaffContext,
  reminders: ReminderScheduler,
  id: string,
  body: StartReminderBody,
) {
  const set = await loadAuthorized(ctx.prisma, ctx.actor, 'reminderSet', ctx.channel.id, id)
  if (set.status !== 'active') {
    throw new ApiError(409, 'reminder_not_active', `The reminder set is ${set.status}`)
  }
  const { friendId, target } = body
  const friend = await ctx.prisma.friend.findFirst({
    where: { id: friendId, ...scope(ctx.actor, 'friend', ctx.channel.id) },
  })
  if (!friend) {
    throw new ApiError(400, 'invalid_request', 'Invalid request: body.friendId', [
      { path: 'body.friendId', message: 'No such friend in this channel' },
    ])
  }
  if (friend.status === 'blocked')
    throw new ApiError(409, 'friend_blocked', 'The friend has blocked the account')
  const started = await reminders.startOrRetargetReminder({
    set,
    friend,
    timezone: ctx.channel.timezone,
    target,
    origin: `staff:${ctx.actor.id}`,
  })
  return staffAction(ctx, 'reminder.run.start', async () => ({
    result: started,
    target: `reminder:${set.id}`,
    details: { friendId, target, workflowId: started.workflowId },
  }))
}

/** A set's runs (one per friend and start), newest first. */
export async function listReminderRuns(ctx: StaffContext, id: string, query: ReminderRunsQuery) {
  const set = await loadAuthorized(ctx.prisma, ctx.actor, 'reminderSet', ctx.channel.id, id)
  const { status, page, pageSize } = query
  const where: Prisma.ReminderRunWhereInput = {
    ...scope(ctx.actor, 'reminderRun', ctx.channel.id),
    setId: set.id,
    ...(status ? { status } : {}),
  }
  const [rows, total] = await Promise.all([
    ctx.prisma.reminderRun.findMany({
      where,
      include: runInclude,
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    ctx.prisma.reminderRun.count({ where }),
  ])
  return { items: rows.map(runView), total, page, pageSize }
}

/** Cancels a scheduled reminder; a run whose workflow is gone is marked cancelled here. */
export async function cancelReminderRun(
  ctx: StaffContext,
  reminders: ReminderScheduler,
  setId: string,
  runId: string,
): Promise<void> {
  const run = await ctx.prisma.reminderRun.findFirst({
    where: { id: runId, setId, ...scope(ctx.actor, 'reminderRun', ctx.channel.id) },
  })
  if (!run) throw new ApiError(404, 'not_found', 'No such reminder run')
  if (run.status !== 'scheduled') {
    throw new ApiError(409, 'run_ended', `The reminder has already ended (${run.status})`)
  }
  const signalled = await reminders.signalReminder(run.workflowId, 'cancel', { by: ctx.actor.id })
  await staffAction(ctx, 'reminder.run.cancel', async (tx) => {
    if (!signalled) {
      // Nothing will ever finish this run: record the end here.
      await tx.reminderRun.updateMany({
        where: { id: run.id, status: 'scheduled' },
        data: { status: 'cancelled', endReason: 'stopped', endedAt: new Date(), nextFireAt: null },
      })
    }
    return {
      result: undefined,
      target: `reminderRun:${run.id}`,
      details: { setId: run.setId, friendId: run.friendId, workflowId: run.workflowId, signalled },
    }
  })
}
