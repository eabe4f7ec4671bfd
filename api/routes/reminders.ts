import { z } from 'zod'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { signalReminder, startOrRetargetReminder, type SentReminderStep } from '../../activities/reminders'
import type { ReminderSet as SetBody } from '../../flow/reminder'
import type { Prisma, PrismaClient, ReminderSet } from '../../prisma/client'
import { audit } from '../audit'
import { authOf } from '../auth/guard'
import { administrators, requireRole } from '../auth/roles'
import { ApiError } from '../errors'
import { errorResponses, idSchema, pageOf } from '../schemas/common'
import {
  reminderListQuerySchema,
  reminderRunSchema,
  reminderRunsQuerySchema,
  reminderSetBodySchema,
  reminderSetViewSchema,
  startReminderBodySchema,
} from '../schemas/reminders'
import { channelFor } from './channels'

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

/** A bound field must be a date or datetime field of the set's channel (400 naming the field). */
async function checkTarget(prisma: PrismaClient, channelId: string, body: SetBody): Promise<void> {
  if (body.target.kind !== 'field') return
  const field = await prisma.friendField.findFirst({ where: { id: body.target.fieldId, channelId } })
  if (!field || (field.type !== 'date' && field.type !== 'datetime')) {
    const message = field ? 'The field must be a date or datetime field' : 'No such field in this channel'
    throw new ApiError(400, 'invalid_request', `Invalid request: body.target.fieldId`, [
      { path: 'body.target.fieldId', message },
    ])
  }
}

/** Temporal could not be reached: logged, answered 503 (try again). */
function temporalUnavailable(request: FastifyRequest, err: unknown): ApiError {
  request.log.warn({ err }, 'reminder workflow call failed')
  return new ApiError(503, 'temporal_unavailable', 'Could not reach the workflow service; try again')
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

/** Reminder sets (リマインダ) and their per-friend runs. Reading is for all staff, changes for admins. */
export const reminderRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma, temporal, taskQueue } = app.deps
  const idParams = z.object({ id: idSchema })

  async function setOr404(id: string) {
    const set = await prisma.reminderSet.findUnique({ where: { id } })
    if (!set) throw new ApiError(404, 'not_found', 'No such reminder set')
    return set
  }

  async function scheduledCounts(setIds: string[]): Promise<Map<string, number>> {
    const groups = await prisma.reminderRun.groupBy({
      by: ['setId'],
      where: { setId: { in: setIds }, status: 'scheduled' },
      _count: { _all: true },
    })
    return new Map(groups.map((g) => [g.setId, g._count._all]))
  }

  async function viewOf(set: ReminderSet) {
    return view(set, (await scheduledCounts([set.id])).get(set.id) ?? 0)
  }

  app.get(
    '/reminders',
    {
      schema: {
        tags: ['reminders'],
        summary: 'Reminder sets of a channel (archived ones only when asked for)',
        querystring: reminderListQuerySchema,
        response: {
          200: z.object({ items: z.array(reminderSetViewSchema) }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const channel = await channelFor(prisma, request.query.channelId)
      const { status } = request.query
      const sets = await prisma.reminderSet.findMany({
        where: { channelId: channel.id, status: status ?? { not: 'archived' } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      })
      const counts = await scheduledCounts(sets.map((s) => s.id))
      return { items: sets.map((s) => view(s, counts.get(s.id) ?? 0)) }
    },
  )

  app.post(
    '/reminders',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['reminders'],
        summary: 'Create a reminder set (owner and admins)',
        querystring: reminderListQuerySchema.pick({ channelId: true }),
        body: reminderSetBodySchema,
        response: { 201: reminderSetViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const channel = await channelFor(prisma, request.query.channelId)
      await checkTarget(prisma, channel.id, request.body)
      const set = await prisma.$transaction(async (tx) => {
        const created = await tx.reminderSet.create({
          data: { channelId: channel.id, createdById: staff.id, ...columns(request.body) },
        })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'reminder.create',
          target: `reminder:${created.id}`,
          details: { after: request.body as object },
          ip: request.ip,
        })
        return created
      })
      return reply.code(201).send(view(set, 0))
    },
  )

  app.get(
    '/reminders/:id',
    {
      schema: {
        tags: ['reminders'],
        summary: 'One reminder set',
        params: idParams,
        response: { 200: reminderSetViewSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => viewOf(await setOr404(request.params.id)),
  )

  app.put(
    '/reminders/:id',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['reminders'],
        summary: 'Replace a reminder set (running reminders keep the steps they started with)',
        params: idParams,
        body: reminderSetBodySchema,
        response: { 200: reminderSetViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { staff } = authOf(request)
      const before = await setOr404(request.params.id)
      await checkTarget(prisma, before.channelId, request.body)
      const after = await prisma.$transaction(async (tx) => {
        const updated = await tx.reminderSet.update({
          where: { id: before.id },
          data: columns(request.body),
        })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'reminder.update',
          target: `reminder:${before.id}`,
          details: { before: view(before, 0) as object, after: request.body as object },
          ip: request.ip,
        })
        return updated
      })
      return viewOf(after)
    },
  )

  app.post(
    '/reminders/:id/archive',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['reminders'],
        summary: 'Archive a reminder set: no new reminders start; running ones go on',
        params: idParams,
        response: { 200: reminderSetViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { staff } = authOf(request)
      const set = await setOr404(request.params.id)
      const after = await prisma.$transaction(async (tx) => {
        const updated = await tx.reminderSet.update({ where: { id: set.id }, data: { status: 'archived' } })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'reminder.archive',
          target: `reminder:${set.id}`,
          details: { before: { status: set.status }, after: { status: 'archived' } },
          ip: request.ip,
        })
        return updated
      })
      return viewOf(after)
    },
  )

  app.post(
    '/reminders/:id/runs',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['reminders'],
        summary: "Start a friend's reminder with a given target (or move the running one's target)",
        params: idParams,
        body: startReminderBodySchema,
        response: {
          202: z.object({ workflowId: z.string() }),
          ...errorResponses(400, 401, 403, 404, 409, 503),
        },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const set = await setOr404(request.params.id)
      if (set.status !== 'active') {
        throw new ApiError(409, 'reminder_not_active', `The reminder set is ${set.status}`)
      }
      const { friendId, target } = request.body
      const friend = await prisma.friend.findFirst({
        where: { id: friendId, channelId: set.channelId },
        include: { channel: { select: { timezone: true } } },
      })
      if (!friend) {
        throw new ApiError(400, 'invalid_request', 'Invalid request: body.friendId', [
          { path: 'body.friendId', message: 'No such friend in this channel' },
        ])
      }
      if (friend.status === 'blocked')
        throw new ApiError(409, 'friend_blocked', 'The friend has blocked the account')
      let started: { workflowId: string }
      try {
        started = await startOrRetargetReminder(temporal, taskQueue, {
          set,
          friend,
          timezone: friend.channel.timezone,
          target,
          origin: `staff:${staff.id}`,
        })
      } catch (err) {
        throw temporalUnavailable(request, err)
      }
      await audit(prisma, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'reminder.run.start',
        target: `reminder:${set.id}`,
        details: { friendId, target, workflowId: started.workflowId },
        ip: request.ip,
      })
      return reply.code(202).send(started)
    },
  )

  app.get(
    '/reminders/:id/runs',
    {
      schema: {
        tags: ['reminders'],
        summary: "A reminder set's runs (one per friend and start), newest first",
        params: idParams,
        querystring: reminderRunsQuerySchema,
        response: { 200: pageOf(reminderRunSchema), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const set = await setOr404(request.params.id)
      const { status, page, pageSize } = request.query
      const where: Prisma.ReminderRunWhereInput = { setId: set.id, ...(status ? { status } : {}) }
      const [rows, total] = await Promise.all([
        prisma.reminderRun.findMany({
          where,
          include: runInclude,
          orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
          skip: (page - 1) * pageSize,
          take: pageSize,
        }),
        prisma.reminderRun.count({ where }),
      ])
      return { items: rows.map(runView), total, page, pageSize }
    },
  )

  app.post(
    '/reminders/:id/runs/:runId/cancel',
    {
      onRequest: requireRole(...administrators),
      schema: {
        tags: ['reminders'],
        summary: 'Cancel a scheduled reminder (a run whose workflow is gone is marked cancelled)',
        params: z.object({ id: idSchema, runId: idSchema }),
        response: {
          202: z.object({ ok: z.literal(true) }),
          ...errorResponses(400, 401, 403, 404, 409, 503),
        },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const run = await prisma.reminderRun.findFirst({
        where: { id: request.params.runId, setId: request.params.id },
      })
      if (!run) throw new ApiError(404, 'not_found', 'No such reminder run')
      if (run.status !== 'scheduled') {
        throw new ApiError(409, 'run_ended', `The reminder has already ended (${run.status})`)
      }
      let signalled: boolean
      try {
        signalled = await signalReminder(temporal, run.workflowId, 'cancel', { by: staff.id })
      } catch (err) {
        throw temporalUnavailable(request, err)
      }
      await prisma.$transaction(async (tx) => {
        if (!signalled) {
          // Nothing will ever finish this run: record the end here.
          await tx.reminderRun.updateMany({
            where: { id: run.id, status: 'scheduled' },
            data: { status: 'cancelled', endReason: 'stopped', endedAt: new Date(), nextFireAt: null },
          })
        }
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'reminder.run.cancel',
          target: `reminderRun:${run.id}`,
          details: { setId: run.setId, friendId: run.friendId, workflowId: run.workflowId, signalled },
          ip: request.ip,
        })
      })
      return reply.code(202).send({ ok: true as const })
    },
  )
}
