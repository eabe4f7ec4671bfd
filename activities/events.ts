import type { PrismaClient } from '../prisma/client'
import type { LineEventInput } from '../workflows/contracts/lineEvent'

export function eventActivities(prisma: PrismaClient) {
  return {
    /** Every event is kept as received, unknown types included; a redelivery changes nothing. */
    async recordWebhookEvent({ channelId, event }: LineEventInput): Promise<void> {
      await prisma.webhookEvent.upsert({
        where: { id: event.webhookEventId },
        update: {},
        create: {
          id: event.webhookEventId,
          channelId,
          type: event.type,
          lineUserId: event.source?.userId ?? null,
          payload: event as object,
          isRedelivery: event.deliveryContext?.isRedelivery ?? false,
          occurredAt: new Date(event.timestamp),
        },
      })
    },

    async finishWebhookEvent(input: { webhookEventId: string; error?: string }): Promise<void> {
      await prisma.webhookEvent.update({
        where: { id: input.webhookEventId },
        data: { processedAt: new Date(), error: input.error ?? null },
      })
    },
  }
}
