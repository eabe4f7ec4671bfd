import { z } from 'zod'
import { containsNul, nestsDeeperThan, nulMessage } from '../jsonChecks'

/** At most one INSERT's worth of outbox rows per request (see webhookOutbox.ts). */
export const webhookMaxEvents = 1_000
/** LINE's events nest a few levels (message → emojis → item); far deeper is an attack on whatever walks them. */
export const webhookMaxDepth = 32

/**
 * The envelope LINE sends. Events are checked only for what Enishi relies on to accept them;
 * anything else (unknown types, new fields) passes through untouched — within bounds on size and
 * depth, so one crafted event cannot fail whatever stores or serializes it.
 */
export const webhookBodySchema = z.object({
  destination: z.string().min(1),
  events: z
    .array(
      z
        .looseObject({
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
        })
        .refine((event) => !nestsDeeperThan(event, webhookMaxDepth), {
          message: `An event may nest at most ${webhookMaxDepth} levels deep`,
        })
        .refine((event) => !containsNul(event), { message: nulMessage }),
    )
    .max(webhookMaxEvents),
})

export type WebhookBody = z.infer<typeof webhookBodySchema>
