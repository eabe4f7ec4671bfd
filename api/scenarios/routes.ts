import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses, idParamsSchema } from '../schemas/common'
import {
  createFlowBodySchema,
  flowDetailSchema,
  flowListQuerySchema,
  flowListSchema,
  flowStatusResultSchema,
  invalidFlowBodySchema,
  previewBodySchema,
  previewResultSchema,
  publishResultSchema,
  saveDraftBodySchema,
  savedDraftSchema,
} from './schemas'
import {
  createFlow,
  duplicateFlow,
  flowDetail,
  flowTransitions,
  listFlows,
  previewFlow,
  publishFlow,
  saveDraft,
  transitionFlow,
  type FlowTransition,
} from './service'

const transitionSummaries: Record<FlowTransition, string> = {
  pause: 'Pause: no new entries (running friends go on)',
  resume: 'Resume a paused scenario',
  archive: 'Archive: hidden, no new entries, cannot be published',
}

/** Scenarios (シナリオ): drafts, publishing as immutable versions, lifecycle, time-travel preview. */
export const flowRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/flows',
    {
      config: { policy: 'scenarios.view' },
      schema: {
        tags: ['flows'],
        summary: 'Scenarios of a channel with their run counts (archived ones only when asked for)',
        querystring: flowListQuerySchema,
        response: { 200: flowListSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return listFlows(ctx, request.query.status)
    },
  )

  app.post(
    '/flows',
    {
      config: { policy: 'scenarios.edit' },
      schema: {
        tags: ['flows'],
        summary: 'Create a scenario (a draft holding a follow trigger)',
        querystring: channelQuerySchema,
        body: createFlowBodySchema,
        response: { 201: flowDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      return reply.code(201).send(await createFlow(ctx, request.body))
    },
  )

  app.get(
    '/flows/:id',
    {
      config: { policy: 'scenarios.view' },
      schema: {
        tags: ['flows'],
        summary: 'A scenario: its draft, published versions and the draft’s issues',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 200: flowDetailSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return flowDetail(ctx, request.params.id)
    },
  )

  app.put(
    '/flows/:id/draft',
    {
      config: { policy: 'scenarios.edit' },
      // Up to 500 nodes with flex messages: more than the API's default 1 MiB.
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['flows'],
        summary: 'Save the draft (autosave): structural errors are refused, other issues returned',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        body: saveDraftBodySchema,
        response: { 200: savedDraftSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return saveDraft(ctx, request.params.id, request.body)
    },
  )

  app.post(
    '/flows/:id/publish',
    {
      config: { policy: 'scenarios.edit' },
      schema: {
        tags: ['flows'],
        summary: 'Publish the draft as the next immutable version and activate the scenario',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: {
          200: publishResultSchema,
          422: invalidFlowBodySchema,
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      const published = await publishFlow(ctx, request.params.id)
      return 'refused' in published ? reply.code(422).send(published.refused) : published
    },
  )

  for (const verb of flowTransitions) {
    app.post(
      `/flows/:id/${verb}`,
      {
        config: { policy: 'scenarios.edit' },
        schema: {
          tags: ['flows'],
          summary: transitionSummaries[verb],
          params: idParamsSchema,
          querystring: channelQuerySchema,
          response: { 200: flowStatusResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const ctx = await staffContext(request, request.query.channelId)
        return transitionFlow(ctx, request.params.id, verb)
      },
    )
  }

  app.post(
    '/flows/:id/duplicate',
    {
      config: { policy: 'scenarios.edit' },
      schema: {
        tags: ['flows'],
        summary: 'Copy the draft into a new scenario',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 201: flowDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      return reply.code(201).send(await duplicateFlow(ctx, request.params.id))
    },
  )

  app.post(
    '/flows/:id/preview',
    {
      config: { policy: 'scenarios.view' },
      schema: {
        tags: ['flows'],
        summary: 'Time-travel preview: play the draft for a simulated friend (no LINE sends)',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        body: previewBodySchema,
        response: { 200: previewResultSchema, 422: invalidFlowBodySchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      const preview = await previewFlow(ctx, request.params.id, request.body)
      return 'refused' in preview ? reply.code(422).send(preview.refused) : preview
    },
  )
}
