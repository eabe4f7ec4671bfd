import { z } from 'zod'
import { channelQuerySchema, pageOf, pageQuerySchema } from '../schemas/common'

/** Schemas of the friend routes. */

const friendStatusSchema = z.enum(['following', 'blocked'])

export const friendSummarySchema = z.object({
  id: z.string(),
  lineUserId: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
  status: friendStatusSchema,
  followedAt: z.date().nullable(),
  blockedAt: z.date().nullable(),
  lastMessageAt: z.date().nullable(),
  createdAt: z.date(),
})
export const friendPageSchema = pageOf(friendSummarySchema)

export const friendDetailSchema = friendSummarySchema.extend({
  statusMessage: z.string().nullable(),
  language: z.string().nullable(),
})

const messageSchema = z.object({
  id: z.string(),
  direction: z.enum(['inbound', 'outbound']),
  /** LINE message type, or `postback`. */
  type: z.string(),
  /** The LINE message object as received or as sent. */
  content: z.unknown(),
  sendMethod: z.string().nullable(),
  origin: z.string().nullable(),
  createdAt: z.date(),
})
export const messagePageSchema = z.object({
  items: z.array(messageSchema),
  nextBefore: z.string().nullable(),
})

export const friendListQuerySchema = pageQuerySchema.extend(channelQuerySchema.shape).extend({
  /** Part of the display name, any case. */
  q: z.string().trim().max(100).optional(),
  status: friendStatusSchema.optional(),
})
export type FriendListQuery = z.output<typeof friendListQuerySchema>

export const messagesQuerySchema = channelQuerySchema.extend({
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})
export type MessagesQuery = z.output<typeof messagesQuerySchema>
