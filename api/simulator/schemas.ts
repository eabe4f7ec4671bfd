import { z } from 'zod'
import { lineText, lineTextMaxLength } from '../../flow/lineMessage'
import { simUserNameMaxLength } from '../../flow/limits'

/** Schemas of the simulator proxy routes, and of the simulator's own answers they pass on. */

export const simUserSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
  statusMessage: z.string().nullable(),
  language: z.string().nullable(),
  followState: z.enum(['none', 'following', 'blocked']),
})
export const simUserListSchema = z.object({ users: z.array(simUserSchema) })

export const deliverySchema = z.object({
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
export const chatSchema = z.object({ items: z.array(chatItemSchema) })

export const userParamsSchema = z.object({
  userId: z.string().regex(/^U[0-9a-f]{32}$/, 'Must be a LINE user ID (U + 32 hex)'),
})

export const createUserBodySchema = z.object({
  displayName: z.string().trim().min(1).max(simUserNameMaxLength),
  pictureUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
})
export type CreateUserBody = z.output<typeof createUserBodySchema>

/** What a simulated friend can send: text or a sticker. */
export const userMessageBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: lineText(lineTextMaxLength) }),
  z.object({
    type: z.literal('sticker'),
    packageId: z.string().regex(/^[0-9]{1,20}$/),
    stickerId: z.string().regex(/^[0-9]{1,20}$/),
  }),
])

export const postbackBodySchema = z.object({ data: z.string().min(1).max(300) })

export const simErrorBodySchema = z.object({
  message: z.string(),
  details: z.array(z.object({ message: z.string(), property: z.string() })).optional(),
})
