import { z } from 'zod'

/**
 * The envelope LINE sends. Events are checked only for what Enishi relies on to accept them;
 * anything else (unknown types, new fields) passes through untouched.
 */
export const webhookBodySchema = z.object({
  destination: z.string().min(1),
  events: z.array(
    z.looseObject({
      type: z.string().min(1),
      webhookEventId: z.string().min(1),
      timestamp: z.number().int().nonnegative(),
      mode: z.string().optional(),
      replyToken: z.string().optional(),
      source: z
        .looseObject({
          type: z.string(),
          userId: z.string().optional(),
          groupId: z.string().optional(),
          roomId: z.string().optional(),
        })
        .optional(),
      deliveryContext: z.looseObject({ isRedelivery: z.boolean().optional() }).optional(),
    }),
  ),
})

export type WebhookBody = z.infer<typeof webhookBodySchema>
