import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FriendField } from '../../prisma/client'
import { audit } from '../audit'
import { authOf } from '../auth/guard'
import { messageEditors, requireRole } from '../auth/roles'
import { ApiError } from '../errors'
import { channelQuerySchema, errorResponses, idSchema } from '../schemas/common'
import { createFieldBodySchema, fieldSchema, updateFieldBodySchema } from '../schemas/flows'
import { channelFor } from './channels'
import { conflictOn } from './tags'

function view(field: FriendField) {
  return {
    id: field.id,
    key: field.key,
    name: field.name,
    type: field.type,
    options: Array.isArray(field.options) ? field.options.map(String) : null,
  }
}

/** Friend information fields (友だち情報欄): `{key}` in message text, conditions, date waits. */
export const fieldRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps

  async function fieldOr404(id: string) {
    const field = await prisma.friendField.findUnique({ where: { id } })
    if (!field) throw new ApiError(404, 'not_found', 'No such field')
    return field
  }

  app.get(
    '/fields',
    {
      schema: {
        tags: ['fields'],
        summary: 'Friend fields of a channel',
        querystring: channelQuerySchema,
        response: { 200: z.object({ items: z.array(fieldSchema) }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const channel = await channelFor(prisma, request.query.channelId)
      const fields = await prisma.friendField.findMany({
        where: { channelId: channel.id },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      })
      return { items: fields.map(view) }
    },
  )

  app.post(
    '/fields',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['fields'],
        summary: 'Create a friend field (keys are unique per channel; select fields need options)',
        querystring: channelQuerySchema,
        body: createFieldBodySchema,
        response: { 201: fieldSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const channel = await channelFor(prisma, request.query.channelId)
      const { key, name, type, options } = request.body
      const field = await prisma
        .$transaction(async (tx) => {
          const created = await tx.friendField.create({
            data: { channelId: channel.id, key, name, type, ...(options ? { options } : {}) },
          })
          await audit(tx, {
            actorType: 'staff',
            actorId: staff.id,
            action: 'field.create',
            target: `field:${created.id}`,
            details: { key, name, type, options: options ?? null },
            ip: request.ip,
          })
          return created
        })
        .catch((err: unknown) =>
          conflictOn(err, 'duplicate_field', `A field with key "${key}" exists already`),
        )
      return reply.code(201).send(view(field))
    },
  )

  app.patch(
    '/fields/:id',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['fields'],
        summary: 'Rename a field or change a select field’s options (key and type are fixed)',
        params: z.object({ id: idSchema }),
        body: updateFieldBodySchema,
        response: { 200: fieldSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { staff } = authOf(request)
      const field = await fieldOr404(request.params.id)
      const { name, options } = request.body
      if (options && field.type !== 'select') {
        throw new ApiError(400, 'invalid_request', 'Only select fields have options', [
          { path: 'body.options', message: 'Only select fields have options' },
        ])
      }
      const updated = await prisma.$transaction(async (tx) => {
        const after = await tx.friendField.update({
          where: { id: field.id },
          data: { ...(name !== undefined ? { name } : {}), ...(options ? { options } : {}) },
        })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'field.update',
          target: `field:${field.id}`,
          details: {
            before: { name: field.name, options: view(field).options },
            after: { name: after.name, options: view(after).options },
          },
          ip: request.ip,
        })
        return after
      })
      return view(updated)
    },
  )

  app.delete(
    '/fields/:id',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['fields'],
        summary: 'Delete a field and every friend’s value of it',
        params: z.object({ id: idSchema }),
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const field = await fieldOr404(request.params.id)
      await prisma.$transaction(async (tx) => {
        await tx.friendField.delete({ where: { id: field.id } })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'field.delete',
          target: `field:${field.id}`,
          details: { before: view(field) },
          ip: request.ip,
        })
      })
      return reply.code(204).send(null)
    },
  )
}
