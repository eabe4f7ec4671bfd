import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { staffContext } from '../policy/context'
import { errorResponses } from '../schemas/common'
import {
  chatSchema,
  createUserBodySchema,
  deliverySchema,
  postbackBodySchema,
  simUserListSchema,
  simUserSchema,
  userMessageBodySchema,
  userParamsSchema,
} from './schemas'
import { createUser, listUsers, playUserAction, userChat } from './service'

/**
 * The studio's stand-in phone: staff play LINE users of the default channel while it is bound
 * to the built-in simulator. Only staff with `simulator.edit` may drive it (api/policy).
 */
export const simulatorRoutes: FastifyPluginAsyncZod = async (app) => {
  const errors = errorResponses(400, 401, 403, 404, 409, 502)

  app.get(
    '/simulator/users',
    {
      config: { policy: 'simulator.view' },
      schema: {
        tags: ['simulator'],
        summary: 'Simulated LINE users of the default channel',
        response: { 200: simUserListSchema, ...errors },
      },
    },
    async (request) => listUsers(await staffContext(request, undefined)),
  )

  app.post(
    '/simulator/users',
    {
      config: { policy: 'simulator.edit' },
      schema: {
        tags: ['simulator'],
        summary: 'Create a simulated LINE user (not yet a friend)',
        body: createUserBodySchema,
        response: { 201: simUserSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await createUser(await staffContext(request, undefined), request.body)
      return reply.code(201).send(user)
    },
  )

  const actions = [
    { name: 'follow', body: undefined },
    { name: 'unfollow', body: undefined },
    { name: 'messages', body: userMessageBodySchema },
    { name: 'postback', body: postbackBodySchema },
  ] as const

  for (const action of actions) {
    app.post(
      `/simulator/users/:userId/${action.name}`,
      {
        config: { policy: 'simulator.edit' },
        schema: {
          tags: ['simulator'],
          summary: `Simulated user: ${action.name} (sends a signed webhook to Enishi)`,
          params: userParamsSchema,
          ...(action.body ? { body: action.body } : {}),
          response: { 200: deliverySchema, ...errors },
        },
      },
      async (request) => {
        const ctx = await staffContext(request, undefined)
        const body = action.body ? request.body : {}
        return playUserAction(ctx, request.params.userId, action.name, body)
      },
    )
  }

  app.get(
    '/simulator/users/:userId/chat',
    {
      config: { policy: 'simulator.view' },
      schema: {
        tags: ['simulator'],
        summary: "A simulated user's chat with the channel, oldest first",
        params: userParamsSchema,
        response: { 200: chatSchema, ...errors },
      },
    },
    async (request) => userChat(await staffContext(request, undefined), request.params.userId),
  )
}
