import type { Prisma, PrismaClient } from '../../prisma/client'
import { groupCommit } from './groupCommit'
import type { LineWebhookEvent } from '../../workflows/contracts/lineEvent'

export interface OutboxRow {
  id: string
  channelId: string
  destination: string
  event: LineWebhookEvent
}

/** Rows per INSERT: well inside PostgreSQL's 65,535 bind parameters (5 per row). */
const MAX_ROWS_PER_INSERT = 1_000

/** The durable queue every webhook event passes through on its way to Temporal (see WebhookOutbox). */
export function webhookOutbox(prisma: PrismaClient) {
  // Webhooks arriving together are queued by one INSERT (one commit) rather than one each.
  const insert = groupCommit<Prisma.WebhookOutboxCreateManyInput>(async (data) => {
    await prisma.webhookOutbox.createMany({ data, skipDuplicates: true })
  }, MAX_ROWS_PER_INSERT)
  return {
    enqueue(channelId: string, destination: string, events: LineWebhookEvent[]): Promise<void> {
      if (events.length === 0) return Promise.resolve()
      return insert(
        events.map((event) => ({
          id: event.webhookEventId,
          channelId,
          destination,
          event: event as object,
          claimedUntil: new Date(0),
        })),
      )
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
