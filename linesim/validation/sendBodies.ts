import { z } from 'zod'
import { list } from './common'
import { messagesSchema } from './messages'

const nonEmpty = z.string().min(1, 'May not be empty')

const notificationDisabled = z.boolean().optional()

const customAggregationUnits = list(
  z.string().regex(/^[a-zA-Z0-9_]{1,30}$/, 'Must match ^[a-zA-Z0-9_]{1,30}$'),
  1,
  1,
).optional()

export const replyBodySchema = z.looseObject({
  replyToken: nonEmpty,
  messages: messagesSchema,
  notificationDisabled,
})

export const pushBodySchema = z.looseObject({
  to: nonEmpty,
  messages: messagesSchema,
  notificationDisabled,
  customAggregationUnits,
})

export const multicastBodySchema = z.looseObject({
  to: list(z.string(), 1, 500),
  messages: messagesSchema,
  notificationDisabled,
  customAggregationUnits,
})

export const broadcastBodySchema = z.looseObject({ messages: messagesSchema, notificationDisabled })

export const narrowcastBodySchema = z.looseObject({
  messages: messagesSchema,
  // Audiences and demographic filters are accepted but not evaluated: the simulator sends to every
  // friend (it has no audiences or demographics to match against).
  recipient: z.looseObject({ type: z.string() }).optional(),
  filter: z.looseObject({ demographic: z.looseObject({}).optional() }).optional(),
  limit: z
    .looseObject({ max: z.number().int().min(1).optional(), upToRemainingQuota: z.boolean().optional() })
    .optional(),
  notificationDisabled,
})
