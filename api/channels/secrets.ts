import type { PrismaClient } from '../../prisma/client'

export interface ChannelSecret {
  id: string
  secret: string
}

const TTL_MS = 5_000

/**
 * Webhook signature checks need the channel secret on every request; a short cache keeps that off
 * the database at LINE's delivery rates while a rotated secret still takes effect within seconds.
 */
export function channelSecretLookup(prisma: PrismaClient) {
  const cache = new Map<string, { value: ChannelSecret | null; until: number }>()
  return async function lookup(channelId: string | undefined): Promise<ChannelSecret | null> {
    const key = channelId ?? ':default'
    const hit = cache.get(key)
    if (hit && hit.until > Date.now()) return hit.value
    const channel = await prisma.channel.findFirst({
      where: channelId ? { id: channelId } : { isDefault: true },
      select: { id: true, secret: true },
    })
    cache.set(key, { value: channel, until: Date.now() + TTL_MS })
    return channel
  }
}
