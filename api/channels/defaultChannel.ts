import { randomBytes } from 'node:crypto'
import type { Channel, PrismaClient } from '../../prisma/client'
import { apiUrl, linesimUrl, type Env } from '../../stack/env'

const LINE_API = 'https://api.line.me'
/** Any fixed number: serialises default-channel creation across API replicas starting together. */
const DEFAULT_CHANNEL_LOCK = 41_2001

export function webhookUrlFor(env: Env, channelId: string): string {
  return `${apiUrl(env)}/webhooks/line/${channelId}`
}

/**
 * The default channel: configured from LINE_CHANNEL_SECRET / LINE_CHANNEL_ACCESS_TOKEN when given,
 * otherwise bound to the built-in simulator with credentials generated once and kept.
 */
export async function ensureDefaultChannel(prisma: PrismaClient, env: Env): Promise<Channel> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DEFAULT_CHANNEL_LOCK})`
    const existing = await tx.channel.findFirst({ where: { isDefault: true } })
    if (env.LINE_CHANNEL_SECRET && env.LINE_CHANNEL_ACCESS_TOKEN) {
      const data = {
        secret: env.LINE_CHANNEL_SECRET,
        accessToken: env.LINE_CHANNEL_ACCESS_TOKEN,
        apiBaseUrl: env.LINE_API_BASE_URL ?? LINE_API,
        isSimulator: false,
      }
      return existing
        ? tx.channel.update({ where: { id: existing.id }, data })
        : tx.channel.create({ data: { ...data, name: 'LINE公式アカウント', isDefault: true } })
    }
    if (existing?.isSimulator) {
      return tx.channel.update({ where: { id: existing.id }, data: { apiBaseUrl: linesimUrl(env) } })
    }
    // A real channel configured earlier keeps working even when the variables are no longer set.
    if (existing) return existing
    return tx.channel.create({
      data: {
        name: 'シミュレーター',
        isDefault: true,
        isSimulator: true,
        secret: randomBytes(16).toString('hex'),
        accessToken: randomBytes(32).toString('base64url'),
        apiBaseUrl: linesimUrl(env),
      },
    })
  })
}

/** Tells the simulator about the channel (idempotent), so it signs webhooks and accepts its token. */
export async function registerWithSimulator(channel: Channel, webhookUrl: string): Promise<void> {
  const res = await fetch(`${channel.apiBaseUrl}/_sim/channels/${channel.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      secret: channel.secret,
      accessToken: channel.accessToken,
      webhookUrl,
      name: channel.name,
    }),
  })
  if (!res.ok) throw new Error(`simulator refused channel registration: ${res.status} ${await res.text()}`)
}
