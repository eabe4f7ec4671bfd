import { z } from 'zod'
import { channelQuerySchema, pageOf, pageQuerySchema } from '../schemas/common'

/** Schemas of the staff-notification routes. */

const notificationSchema = z.object({
  id: z.string(),
  message: z.string(),
  email: z.boolean(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
  friend: z.object({ id: z.string(), displayName: z.string(), pictureUrl: z.string().nullable() }).nullable(),
})
export const notificationPageSchema = pageOf(notificationSchema).extend({ unreadCount: z.number().int() })

export const notificationListQuerySchema = channelQuerySchema
  .extend(pageQuerySchema.shape)
  .extend({ unread: z.enum(['true', 'false']).optional() })
export type NotificationListQuery = z.output<typeof notificationListQuerySchema>

export const readAtSchema = z.object({ readAt: z.date() })
export const readAllSchema = z.object({ updated: z.number().int() })
