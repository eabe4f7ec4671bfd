import { renderMessages } from '../flow/render'
import { defaultGreeting, type LineMessage } from '../flow/lineMessage'
import type { PrismaClient } from '../prisma/client'

export function greetingActivities(prisma: PrismaClient) {
  return {
    /** The channel's greeting, personalised for the friend. */
    async loadGreeting(input: { channelId: string; friendId: string }): Promise<LineMessage[]> {
      const [setting, friend] = await Promise.all([
        prisma.greetingSetting.findUnique({ where: { channelId: input.channelId } }),
        prisma.friend.findUniqueOrThrow({ where: { id: input.friendId } }),
      ])
      const messages = (setting?.messages as LineMessage[] | undefined) ?? defaultGreeting
      return renderMessages(messages, { name: friend.displayName || '友だち' })
    },
  }
}
