import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses, idParamsSchema } from '../schemas/common'
import {
  cancelledSchema,
  reminderListQuerySchema,
  reminderRunPageSchema,
  reminderRunParamsSchema,
  reminderRunsQuerySchema,
  reminderSetBodySchema,
  reminderSetListSchema,
  reminderSetViewSchema,
  startedReminderSchema,
  startReminderBodySchema,
} from './schemas'
import {
  archiveReminderSet,
  cancelReminderRun,
  createReminderSet,
  getReminderSet,
  listReminderRuns,
  listReminderSets,
  replaceReminderSet,
  startReminderRun,
} from './service'

/** Reminder sets (リマインダ) and their per-friend runs. */
export const reminderRoutes: FastifyPluginAsyncZod = async (app) => {
  const { workflows } = app.deps

  app.get(
    '/reminders',
    {
      config: { policy: 'reminders.view' },
      schema: {
        tags: ['reminders'],
        summary: 'Reminder sets of a channel (archived ones only when asked for)',
        querystring: reminderListQuerySchema,
        response: { 200: reminderSetListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return listReminderSets(ctx, request.query.status)
    },
  )

  app.post(
    '/reminders',
    {
      config: { policy: 'reminders.edit' },
      schema: {
        tags: ['reminders'],
        summary: 'Create a reminder set',
        querystring: channelQuerySchema,
        body: reminderSetBodySchema,
        response: { 201: reminderSetViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      return reply.code(201).send(await createReminderSet(ctx, request.body))
    },
  )

  app.get(
    '/reminders/:id',
    {
      config: { policy: 'reminders.view' },
      schema: {
        tags: ['reminders'],
        summary: 'One reminder set',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 200: reminderSetViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      getReminderSet(await staffContext(request, request.query.channelId), request.params.id),
  )

  app.put(
    '/reminders/:id',
    {
      config: { policy: 'reminders.edit' },
      schema: {
        tags: ['reminders'],
        summary: 'Replace a reminder set (running reminders keep the steps they started with)',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        body: reminderSetBodySchema,
        response: { 200: reminderSetViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return replaceReminderSet(ctx, request.params.id, request.body)
    },
  )

  app.post(
    '/reminders/:id/archive',
    {
      config: { policy: 'reminders.edit' },
      schema: {
        tags: ['reminders'],
        summary: 'Archive a reminder set: no new reminders start; running ones go on',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 200: reminderSetViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      archiveReminderSet(await staffContext(request, request.query.channelId), request.params.id),
  )

  app.post(
    '/reminders/:id/runs',
    {
      config: { policy: 'reminders.edit' },
      schema: {
        tags: ['reminders'],
        summary: "Start a friend's reminder with a given target (or move the running one's target)",
        params: idParamsSchema,
        querystring: channelQuerySchema,
        body: startReminderBodySchema,
        response: { 202: startedReminderSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      return reply.code(202).send(await startReminderRun(ctx, workflows, request.params.id, request.body))
    },
  )

  app.get(
    '/reminders/:id/runs',
    {
      config: { policy: 'reminders.view' },
      schema: {
        tags: ['reminders'],
        summary: "A reminder set's runs (one per friend and start), newest first",
        params: idParamsSchema,
        querystring: reminderRunsQuerySchema,
        response: { 200: reminderRunPageSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return listReminderRuns(ctx, request.params.id, request.query)
    },
  )

  app.post(
    '/reminders/:id/runs/:runId/cancel',
    {
      config: { policy: 'reminders.edit' },
      schema: {
        tags: ['reminders'],
        summary: 'Cancel a scheduled reminder (a run whose workflow is gone is marked cancelled)',
        params: reminderRunParamsSchema,
        querystring: channelQuerySchema,
        response: { 202: cancelledSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      await cancelReminderRun(ctx, workflows, request.params.id, request.params.runId)
      return reply.code(202).send({ ok: true as const })
    },
  )
}
