import type { Prisma } from '../../prisma/client'
import { defaultGreeting, lineMessagesSchema, type LineMessage } from '../../flow/lineMessage'
import { staffAction } from '../audit/log'
import type { StaffContext } from '../policy/context'

/** Stored JSON was validated on the way in; reading it back through the schema keeps the type honest. */
function storedGreeting(messages: unknown): LineMessage[] {
  return lineMessagesSchema.parse(messages)
}

/** The channel's greeting; the built-in default until staff save one. */
export async function getGreeting(ctx: StaffContext) {
  const row = await ctx.prisma.greetingSetting.findUnique({ where: { channelId: ctx.channel.id } })
  return { messages: row ? storedGreeting(row.messages) : [...defaultGreeting] }
}

export async function replaceGreeting(ctx: StaffContext, messages: LineMessage[]) {
  const channelId = ctx.channel.id
  await staffAction(ctx, 'greeting.update', async (tx) => {
    const before = await tx.greetingSetting.findUnique({ where: { channelId } })
    await tx.greetingSetting.upsert({
      where: { channelId },
      create: { channelId, messages },
      update: { messages },
    })
    return {
      result: undefined,
      target: `channel:${channelId}`,
      details: {
        // No row yet means the built-in default was in effect.
        before: before ? (before.messages as Prisma.InputJsonValue) : [...defaultGreeting],
        beforeWasDefault: !before,
        after: messages,
      },
    }
  })
  return { messages }
}
