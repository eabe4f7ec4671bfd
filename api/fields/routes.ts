import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses, idParamsSchema, noContentSchema } from '../schemas/common'
import { createFieldBodySchema, fieldListSchema, fieldSchema, updateFieldBodySchema } from './schemas'
import { createField, deleteField, listFields, updateField } from './service'

/** Friend information fields (友だち情報欄): `{key}` in message text, conditions, date waits. */
export const fieldRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/fields',
    {
      config: { policy: 'fields.view' },
      schema: {
        tags: ['fields'],
        summary: 'Friend fields of a channel',
        querystring: channelQuerySchema,
        response: { 200: fieldListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listFields(await staffContext(request, request.query.channelId)),
  )

  app.post(
    '/fields',
    {
      config: { policy: 'fields.edit' },
      schema: {
        tags: ['fields'],
        summary: 'Create a friend field (keys are unique per channel; select fields need options)',
        querystring: channelQuerySchema,
        body: createFieldBodySchema,
        response: { 201: fieldSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      return reply.code(201).send(await createField(ctx, request.body))
    },
  )

  app.patch(
    '/fields/:id',
    {
      config: { policy: 'fields.edit' },
      schema: {
        tags: ['fields'],
        summary: 'Rename a field or change a select field’s options (key and type are fixed)',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        body: updateFieldBodySchema,
        response: { 200: fieldSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return updateField(ctx, request.params.id, request.body)
    },
  )

  app.delete(
    '/fields/:id',
    {
      config: { policy: 'fields.edit' },
      schema: {
        tags: ['fields'],
        summary: 'Delete a field and every friend’s value of it',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteField(await staffContext(request, request.query.channelId), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
