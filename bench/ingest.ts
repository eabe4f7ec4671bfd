import type { PrismaClient } from '../prisma/client'
import { startBareWebhook } from './bareWebhook'
import { webhookSender } from './events'
import { saturate, steadyLoad } from './load'
import { report, type LoadReport } from './report'
import { round } from './stats'

export interface IngestOptions {
  webhookUrl: string
  secret: string
  users: string[]
  rates: number[]
  seconds: number
  prisma: PrismaClient
}

/** Waits until no event is waiting to be processed (also those answered 503 that Temporal took anyway). */
async function drained(prisma: PrismaClient): Promise<void> {
  let last = -1
  for (let i = 0; i < 600; i++) {
    const [pending, total] = await Promise.all([
      prisma.webhookEvent.count({ where: { processedAt: null } }),
      prisma.webhookEvent.count(),
    ])
    if (pending === 0 && total === last) return
    last = total
    await new Promise((r) => setTimeout(r, 2000))
  }
}

/**
 * Webhook ingest: steady open-loop load at each rate (requests of 1 and of 10 events), then the
 * saturation throughput, Enishi next to a bare signature-checking route; finally every event that
 * was answered 200 must have been processed.
 */
export async function benchIngest(o: IngestOptions) {
  const bare = await startBareWebhook(o.secret)
  const accepted: string[] = []
  const rows: Record<string, LoadReport | number> = {}
  try {
    for (const rate of o.rates) {
      for (const batch of [1, 10]) {
        const requestsPerSecond = rate / batch
        rows[`bare_${rate}_${batch}`] = report(
          `bare ${rate} ev/s`,
          await steadyLoad(requestsPerSecond, o.seconds, webhookSender(bare.url, o.secret, batch, o.users)),
          batch,
        )
        rows[`enishi_${rate}_${batch}`] = report(
          `enishi ${rate} ev/s`,
          await steadyLoad(
            requestsPerSecond,
            o.seconds,
            webhookSender(o.webhookUrl, o.secret, batch, o.users, accepted),
          ),
          batch,
        )
        await drained(o.prisma)
      }
    }
    for (const batch of [1, 10]) {
      const bareMax = report(
        'bare saturation',
        await saturate(32, 10, webhookSender(bare.url, o.secret, batch, o.users)),
        batch,
      )
      const enishiMax = report(
        'enishi saturation',
        await saturate(32, 10, webhookSender(o.webhookUrl, o.secret, batch, o.users, accepted)),
        batch,
      )
      rows[`bare_max_${batch}`] = bareMax
      rows[`enishi_max_${batch}`] = enishiMax
      rows[`ratio_max_${batch}`] = round(enishiMax.eventsPerSecond / bareMax.eventsPerSecond, 3)
      await drained(o.prisma)
    }
  } finally {
    await bare.app.close()
  }
  const ids = [...new Set(accepted)]
  let processed = 0
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000)
    processed += await o.prisma.webhookEvent.count({
      where: { id: { in: chunk }, processedAt: { not: null } },
    })
  }
  const durability = { accepted: ids.length, processed, lost: ids.length - processed }
  console.log(JSON.stringify(durability))
  return { rows, durability }
}
