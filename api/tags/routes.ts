import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { channelQuerySchema, errorResponses, idParamsSchema, noContentSchema } from '../schemas/common'
import { tagBodySchema, tagListSchema, tagSchema } from './schemas'
import { createTag, deleteTag, listTags, renameTag } from './service'

/** Tags (タグ) of a channel: staff and scenarios put them on friends. */
export const tagRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/tags',
    {
      config: { policy: 'tags.view' },
      schema: {
        tags: ['tags'],
        summary: 'Tags with how many friends have each',
        querystring: channelQuerySchema,
        response: { 200: tagListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => listTags(await staffContext(request, request.query.channelId)),
  )

  app.post(
    '/tags',
    {
      config: { policy: 'tags.edit' },
      schema: {
        tags: ['tags'],
        summary: 'Create a tag (names are unique per channel)',
        querystring: channelQuerySchema,
        body: tagBodySchema,
        response: { 201: tagSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const ctx = await staffContext(request, request.query.channelId)
      return reply.code(201).send(await createTag(ctx, request.body.name))
    },
  )

  app.patch(
    '/tags/:id',
    {
      config: { policy: 'tags.edit' },
      schema: {
        tags: ['tags'],
        summary: 'Rename a tag',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        body: tagBodySchema,
        response: { 200: tagSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const ctx = await staffContext(request, request.query.channelId)
      return renameTag(ctx, request.params.id, request.body.name)
    },
  )

  app.delete(
    '/tags/:id',
    {
      config: { policy: 'tags.edit' },
      schema: {
        tags: ['tags'],
        summary: 'Delete a tag (it comes off every friend)',
        params: idParamsSchema,
        querystring: channelQuerySchema,
        response: { 204: noContentSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteTag(await staffContext(request, request.query.channelId), request.params.id)
      return reply.code(204).send(null)
    },
  )
}
