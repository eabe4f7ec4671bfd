import type { PrismaClient } from '../../prisma/client'
import type { Env } from '../../stack/env'
import { channelFor } from '../policy/context'
import { webhookUrlFor } from './defaultChannel'

/** The default channel as the studio shows it (never its secret or token). */
export async function defaultChannelView(prisma: PrismaClient, env: Env) {
  const channel = await channelFor(prisma)
  return {
    id: channel.id,
    name: channel.name,
    isSimulator: channel.isSimulator,
    timezone: channel.timezone,
    webhookUrl: webhookUrlFor(env, channel.id),
  }
}
