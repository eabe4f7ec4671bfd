import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Prisma } from '../../prisma/client'
import { defaultGreeting, lineMessagesSchema, type LineMessage } from '../../flow/lineMessage'
import { audit } from '../audit'
import { authOf } from '../auth/guard'
import { messageEditors, requireRole } from '../auth/roles'
import { channelQuerySchema, errorResponses } from '../schemas/common'
import { channelFor } from './channels'

const greetingSchema = z.object({ messages: lineMessagesSchema })

/** Stored JSON was validated on the way in; reading it back through the schema keeps the type honest. */
function storedGreeting(messages: unknown): LineMessage[] {
  return lineMessagesSchema.parse(messages)
}

/** Channel settings; the greeting (あいさつメッセージ) is sent by the worker on every follow. */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps

  app.get(
    '/settings/greeting',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['settings'],
        summary: 'The greeting sent when someone adds the channel as a friend',
        querystring: channelQuerySchema,
        response: { 200: greetingSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const channel = await channelFor(prisma, request.query.channelId)
      const row = await prisma.greetingSetting.findUnique({ where: { channelId: channel.id } })
      return { messages: row ? storedGreeting(row.messages) : [...defaultGreeting] }
    },
  )

  app.put(
    '/settings/greeting',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['settings'],
        summary: 'Replace the greeting (1–5 messages)',
        querystring: channelQuerySchema,
        body: greetingSchema,
        response: { 200: greetingSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { staff } = authOf(request)
      const channel = await channelFor(prisma, request.query.channelId)
      const { messages } = request.body
      await prisma.$transaction(async (tx) => {
        const before = await tx.greetingSetting.findUnique({ where: { channelId: channel.id } })
        await tx.greetingSetting.upsert({
          where: { channelId: channel.id },
          create: { channelId: channel.id, messages },
          update: { messages },
        })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'greeting.update',
          target: `channel:${channel.id}`,
          details: {
            // No row yet means the built-in default was in effect.
            before: before ? (before.messages as Prisma.InputJsonValue) : [...defaultGreeting],
            beforeWasDefault: !before,
            after: messages,
          },
          ip: request.ip,
        })
      })
      return { messages }
    },
  )
}
