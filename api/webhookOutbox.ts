import type { PrismaClient } from '../prisma/client'
import type { LineWebhookEvent } from '../workflows/lineEventInput'

export interface OutboxRow {
  id: string
  channelId: string
  destination: string
  event: LineWebhookEvent
}

/** The durable queue for webhook events accepted while Temporal had no room (see WebhookOutbox). */
export function webhookOutbox(prisma: PrismaClient) {
  return {
    async enqueue(channelId: string, destination: string, events: LineWebhookEvent[]): Promise<void> {
      await prisma.webhookOutbox.createMany({
        data: events.map((event) => ({
          id: event.webhookEventId,
          channelId,
          destination,
          event: event as object,
          claimedUntil: new Date(0),
        })),
        skipDuplicates: true,
      })
    },

    /** Takes up to `limit` unclaimed rows, oldest first, for `leaseMs`; other relays skip them. */
    claim(limit: number, leaseMs: number): Promise<OutboxRow[]> {
      const until = new Date(Date.now() + leaseMs)
      return prisma.$queryRaw<OutboxRow[]>`
        UPDATE "WebhookOutbox" SET "claimedUntil" = ${until}
        WHERE id IN (
          SELECT id FROM "WebhookOutbox" WHERE "claimedUntil" <= ${new Date()}
          ORDER BY "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING id, "channelId", destination, event`
    },

    async remove(ids: string[]): Promise<void> {
      await prisma.webhookOutbox.deleteMany({ where: { id: { in: ids } } })
    },
  }
}
