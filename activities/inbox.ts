import type { PrismaClient } from '../prisma/client'
import type { LineWebhookEvent } from '../workflows/contracts/lineEvent'

export function inboxActivities(prisma: PrismaClient) {
  return {
    /** A message or postback from the friend, once per webhook event however often it is delivered. */
    async recordInbound(input: {
      channelId: string
      friendId: string
      event: LineWebhookEvent
    }): Promise<void> {
      const { event } = input
      const isPostback = event.type === 'postback'
      const content = (isPostback ? event.postback : event.message) ?? {}
      const at = new Date(event.timestamp)
      await prisma.$transaction([
        prisma.message.createMany({
          data: [
            {
              channelId: input.channelId,
              friendId: input.friendId,
              direction: 'inbound',
              type: isPostback ? 'postback' : (event.message?.type ?? 'unknown'),
              content: content as object,
              webhookEventId: event.webhookEventId,
              lineMessageId: event.message?.id ?? null,
              createdAt: at,
            },
          ],
          skipDuplicates: true,
        }),
        prisma.friend.update({ where: { id: input.friendId }, data: { lastMessageAt: at } }),
      ])
    },
  }
}
