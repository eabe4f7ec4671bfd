import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Channel } from '../../prisma/client'
import { lineText, lineTextMaxLength } from '../../flow/lineMessage'
import { audit } from '../audit'
import { authOf } from '../auth/guard'
import { ApiError } from '../errors'
import { errorResponses } from '../schemas/common'
import { channelFor } from './channels'

/** Following a simulated user waits for the signed webhook to reach Enishi and be answered. */
const SIMULATOR_TIMEOUT_MS = 15_000

const simUserSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
  statusMessage: z.string().nullable(),
  language: z.string().nullable(),
  followState: z.enum(['none', 'following', 'blocked']),
})

const deliverySchema = z.object({
  webhookEventId: z.string(),
  /** Absent for events LINE sends without one (unfollow). */
  replyToken: z.string().nullable().optional(),
  delivery: z.object({
    /** null when the webhook could not be delivered at all. */
    statusCode: z.number().int().nullable(),
    error: z.string().optional(),
    durationMs: z.number(),
  }),
})

const chatItemSchema = z.object({
  id: z.string(),
  direction: z.enum(['user', 'bot']),
  at: z.string(),
  message: z.record(z.string(), z.unknown()),
  via: z.string().optional(),
})

const userParamsSchema = z.object({
  userId: z.string().regex(/^U[0-9a-f]{32}$/, 'Must be a LINE user ID (U + 32 hex)'),
})

const createUserBodySchema = z.object({
  displayName: z.string().trim().min(1).max(20),
  pictureUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
})

/** What a simulated friend can send: text or a sticker. */
const userMessageBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: lineText(lineTextMaxLength) }),
  z.object({
    type: z.literal('sticker'),
    packageId: z.string().regex(/^[0-9]{1,20}$/),
    stickerId: z.string().regex(/^[0-9]{1,20}$/),
  }),
])

const postbackBodySchema = z.object({ data: z.string().min(1).max(300) })

const simErrorBodySchema = z.object({
  message: z.string(),
  details: z.array(z.object({ message: z.string(), property: z.string() })).optional(),
})

/**
 * Calls the simulator's admin API for the channel, whose simulator ID is the Enishi channel ID.
 * Its answers are checked like any other input; its errors become Enishi's error body.
 */
async function simulatorCall<T extends z.ZodType>(
  channel: Channel,
  method: 'GET' | 'POST',
  path: string,
  schema: T,
  body?: unknown,
): Promise<z.output<T>> {
  const url = `${channel.apiBaseUrl}/_sim/channels/${encodeURIComponent(channel.id)}${path}`
  let res: Response
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(SIMULATOR_TIMEOUT_MS),
    })
  } catch (err) {
    throw new ApiError(
      502,
      'simulator_unavailable',
      `The LINE simulator is not reachable: ${(err as Error).message}`,
    )
  }
  const json: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const parsed = simErrorBodySchema.safeParse(json)
    const message = parsed.success ? parsed.data.message : `HTTP ${res.status}`
    const fields = parsed.success
      ? parsed.data.details?.map((d) => ({ path: d.property, message: d.message }))
      : undefined
    // The caller's mistakes keep their status; anything else is the simulator's failure.
    const status = [400, 404, 409].includes(res.status) ? res.status : 502
    throw new ApiError(status, 'simulator_error', `Simulator: ${message}`, fields)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success)
    throw new ApiError(502, 'simulator_error', 'The simulator answered in an unexpected shape')
  return parsed.data
}

/**
 * The studio's stand-in phone: a marketer plays LINE users of the default channel while it is
 * bound to the built-in simulator. Actions that make the simulator send webhooks are audited,
 * since they change Enishi's data (friends, messages) on the marketer's behalf.
 */
export const simulatorRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps

  async function simulatorChannel(): Promise<Channel> {
    const channel = await channelFor(prisma)
    if (!channel.isSimulator) {
      throw new ApiError(
        409,
        'not_simulator',
        'The default channel is a real LINE channel, not the simulator',
      )
    }
    return channel
  }

  const errors = errorResponses(400, 401, 403, 404, 409, 502)

  app.get(
    '/simulator/users',
    {
      schema: {
        tags: ['simulator'],
        summary: 'Simulated LINE users of the default channel',
        response: { 200: z.object({ users: z.array(simUserSchema) }), ...errors },
      },
    },
    async () => {
      const channel = await simulatorChannel()
      return simulatorCall(channel, 'GET', '/users', z.object({ users: z.array(simUserSchema) }))
    },
  )

  app.post(
    '/simulator/users',
    {
      schema: {
        tags: ['simulator'],
        summary: 'Create a simulated LINE user (not yet a friend)',
        body: createUserBodySchema,
        response: { 201: simUserSchema, ...errors },
      },
    },
    async (request, reply) => {
      const channel = await simulatorChannel()
      const user = await simulatorCall(channel, 'POST', '/users', simUserSchema, request.body)
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
        schema: {
          tags: ['simulator'],
          summary: `Simulated user: ${action.name} (sends a signed webhook to Enishi)`,
          params: userParamsSchema,
          ...(action.body ? { body: action.body } : {}),
          response: { 200: deliverySchema, ...errors },
        },
      },
      async (request) => {
        const { staff } = authOf(request)
        const channel = await simulatorChannel()
        const { userId } = request.params
        const result = await simulatorCall(
          channel,
          'POST',
          `/users/${userId}/${action.name}`,
          deliverySchema,
          action.body ? request.body : {},
        )
        await audit(prisma, {
          actorType: 'staff',
          actorId: staff.id,
          action: `simulator.${action.name}`,
          target: `channel:${channel.id}`,
          details: { userId, webhookEventId: result.webhookEventId },
          ip: request.ip,
        })
        return result
      },
    )
  }

  app.get(
    '/simulator/users/:userId/chat',
    {
      schema: {
        tags: ['simulator'],
        summary: "A simulated user's chat with the channel, oldest first",
        params: userParamsSchema,
        response: { 200: z.object({ items: z.array(chatItemSchema) }), ...errors },
      },
    },
    async (request) => {
      const channel = await simulatorChannel()
      return simulatorCall(
        channel,
        'GET',
        `/users/${request.params.userId}/chat`,
        z.object({ items: z.array(chatItemSchema) }),
      )
    },
  )
}
