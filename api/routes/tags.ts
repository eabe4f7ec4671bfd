import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { isUniqueViolation } from '../../prisma/client'
import { audit } from '../audit'
import { authOf } from '../auth/guard'
import { messageEditors, requireRole } from '../auth/roles'
import { ApiError } from '../errors'
import { channelQuerySchema, errorResponses, idSchema } from '../schemas/common'
import { tagNameSchema, tagSchema } from '../schemas/flows'
import { channelFor } from './channels'

/** A unique-constraint violation (P2002) becomes `409 <code>`. */
export function conflictOn(err: unknown, code: string, message: string): never {
  if (isUniqueViolation(err)) {
    throw new ApiError(409, code, message)
  }
  throw err
}

/** Tags (タグ) of a channel: staff and scenarios put them on friends. */
export const tagRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps

  async function tagOr404(id: string) {
    const tag = await prisma.tag.findUnique({ where: { id } })
    if (!tag) throw new ApiError(404, 'not_found', 'No such tag')
    return tag
  }

  const withCount = async (id: string) => {
    const tag = await prisma.tag.findUniqueOrThrow({
      where: { id },
      select: { id: true, name: true, _count: { select: { friends: true } } },
    })
    return { id: tag.id, name: tag.name, friendCount: tag._count.friends }
  }

  app.get(
    '/tags',
    {
      schema: {
        tags: ['tags'],
        summary: 'Tags with how many friends have each',
        querystring: channelQuerySchema,
        response: { 200: z.object({ items: z.array(tagSchema) }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const channel = await channelFor(prisma, request.query.channelId)
      const tags = await prisma.tag.findMany({
        where: { channelId: channel.id },
        select: { id: true, name: true, _count: { select: { friends: true } } },
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      })
      return { items: tags.map((t) => ({ id: t.id, name: t.name, friendCount: t._count.friends })) }
    },
  )

  app.post(
    '/tags',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['tags'],
        summary: 'Create a tag (names are unique per channel)',
        querystring: channelQuerySchema,
        body: z.object({ name: tagNameSchema }),
        response: { 201: tagSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const channel = await channelFor(prisma, request.query.channelId)
      const { name } = request.body
      const tag = await prisma
        .$transaction(async (tx) => {
          const created = await tx.tag.create({ data: { channelId: channel.id, name } })
          await audit(tx, {
            actorType: 'staff',
            actorId: staff.id,
            action: 'tag.create',
            target: `tag:${created.id}`,
            details: { name },
            ip: request.ip,
          })
          return created
        })
        .catch((err: unknown) => conflictOn(err, 'duplicate_tag', `A tag named "${name}" exists already`))
      return reply.code(201).send({ id: tag.id, name: tag.name, friendCount: 0 })
    },
  )

  app.patch(
    '/tags/:id',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['tags'],
        summary: 'Rename a tag',
        params: z.object({ id: idSchema }),
        body: z.object({ name: tagNameSchema }),
        response: { 200: tagSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { staff } = authOf(request)
      const tag = await tagOr404(request.params.id)
      const { name } = request.body
      await prisma
        .$transaction(async (tx) => {
          await tx.tag.update({ where: { id: tag.id }, data: { name } })
          await audit(tx, {
            actorType: 'staff',
            actorId: staff.id,
            action: 'tag.update',
            target: `tag:${tag.id}`,
            details: { before: { name: tag.name }, after: { name } },
            ip: request.ip,
          })
        })
        .catch((err: unknown) => conflictOn(err, 'duplicate_tag', `A tag named "${name}" exists already`))
      return withCount(tag.id)
    },
  )

  app.delete(
    '/tags/:id',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['tags'],
        summary: 'Delete a tag (it comes off every friend)',
        params: z.object({ id: idSchema }),
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const tag = await tagOr404(request.params.id)
      await prisma.$transaction(async (tx) => {
        const friendCount = await tx.friendTag.count({ where: { tagId: tag.id } })
        await tx.tag.delete({ where: { id: tag.id } })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'tag.delete',
          target: `tag:${tag.id}`,
          details: { before: { name: tag.name, friendCount } },
          ip: request.ip,
        })
      })
      return reply.code(204).send(null)
    },
  )
}
