import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createPrismaClient } from '../prisma/client'
import { loadEnv } from '../stack/env'
import { startProduct } from '../stack/product'
import { startTemporalDevServer } from '../stack/temporal'
import { createTestDatabase } from '../tests/helpers/db'
import { freePort } from '../tests/helpers/stack'
import { simAdmin } from '../tests/helpers/simAdmin'
import { lineUserId, sign } from '../tests/helpers/webhook'
import { startBareWebhook } from './bareWebhook'
import { saturate, steadyLoad, type LoadResult } from './load'
import { round, summarize } from './stats'

/**
 * `npm run bench`: the product as it runs in production (API, worker and simulator as separate
 * processes, real Temporal dev server, real PostgreSQL), measured from outside.
 */
const STEADY_SECONDS = Number(process.env.BENCH_SECONDS ?? 20)
const STEADY_RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 300)
const FOLLOWS = Number(process.env.BENCH_FOLLOWS ?? 1000)

let seq = 0

function messageEvents(count: number, users: string[]) {
  const now = Date.now()
  return Array.from({ length: count }, (_, i) => {
    seq += 1
    return {
      type: 'message',
      mode: 'active',
      timestamp: now,
      webhookEventId: `BENCH${process.pid}${String(seq).padStart(14, '0')}`.slice(0, 26),
      replyToken: `bench${seq}`,
      deliveryContext: { isRedelivery: false },
      source: { type: 'user', userId: users[(seq + i) % users.length] },
      message: { id: String(seq), type: 'text', quoteToken: 'q', text: `bench ${seq}` },
    }
  })
}

function sender(url: string, secret: string, batch: number, users: string[]) {
  return async () => {
    const body = JSON.stringify({ destination: `U${'0'.repeat(32)}`, events: messageEvents(batch, users) })
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-line-signature': sign(secret, body) },
    })
    await res.arrayBuffer()
    return res.status
  }
}

function report(label: string, result: LoadResult, batch: number) {
  const ok = result.statuses.get(200) ?? 0
  const eventsPerSecond = round((ok * batch) / (result.elapsedMs / 1000))
  const statuses = Object.fromEntries(result.statuses)
  const line = {
    label,
    batch,
    requests: result.requests,
    eventsPerSecond,
    latencyMs: summarize(result.latencies),
    statuses,
  }
  console.log(JSON.stringify(line))
  return line
}

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'enishi-bench-'))
  const temporal = await startTemporalDevServer({ log: console.log })
  const db = await createTestDatabase()
  await db.prisma.$disconnect()
  const [apiPort, simPort] = [await freePort(), await freePort()]
  const env = loadEnv({
    ...process.env,
    DATABASE_URL: db.url,
    ENISHI_DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    LINESIM_PORT: String(simPort),
    LINESIM_URL: undefined,
    LINE_CHANNEL_SECRET: undefined,
    LINE_CHANNEL_ACCESS_TOKEN: undefined,
    LOG_LEVEL: 'warn',
  })
  const product = await startProduct({ env, studio: false, log: () => {}, temporalAddress: temporal.address })
  const prisma = createPrismaClient(db.url)
  const results: Record<string, unknown> = {}
  try {
    const channel = await prisma.channel.findFirstOrThrow({ where: { isDefault: true } })
    const webhookUrl = `${product.urls.api}/webhooks/line/${channel.id}`
    const bare = await startBareWebhook(channel.secret)
    const sim = simAdmin(product.urls.linesim, channel.id)
    // Wait until the API has registered the channel with the simulator.
    for (
      let i = 0;
      i < 100 && !(await fetch(`${product.urls.linesim}/_sim/channels/${channel.id}`)).ok;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100))
    }
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => sim.createUser(`bench ${i}`)))
    const userIds = users.map((u) => u.userId).concat(Array.from({ length: 50 }, () => lineUserId()))

    console.log('— webhook ingest —')
    const ingest: Record<string, unknown> = {}
    for (const batch of [1, 10]) {
      const rate = STEADY_RATE / batch
      ingest[`bare_steady_${batch}`] = report(
        `bare steady ${STEADY_RATE} ev/s`,
        await steadyLoad(rate, STEADY_SECONDS, sender(bare.url, channel.secret, batch, userIds)),
        batch,
      )
      ingest[`enishi_steady_${batch}`] = report(
        `enishi steady ${STEADY_RATE} ev/s`,
        await steadyLoad(rate, STEADY_SECONDS, sender(webhookUrl, channel.secret, batch, userIds)),
        batch,
      )
    }
    for (const batch of [1, 10]) {
      const bareMax = report(
        'bare saturation',
        await saturate(32, 10, sender(bare.url, channel.secret, batch, userIds)),
        batch,
      )
      const enishiMax = report(
        'enishi saturation',
        await saturate(32, 10, sender(webhookUrl, channel.secret, batch, userIds)),
        batch,
      )
      ingest[`saturation_${batch}`] = {
        bare: bareMax,
        enishi: enishiMax,
        ratio: round(enishiMax.eventsPerSecond / bareMax.eventsPerSecond, 3),
      }
      console.log(
        `saturation batch ${batch}: enishi/bare = ${round(enishiMax.eventsPerSecond / bareMax.eventsPerSecond, 3)}`,
      )
    }
    const accepted = Object.values(ingest).flatMap((r) => {
      const rows =
        'enishi' in (r as object)
          ? [(r as { enishi: ReturnType<typeof report> }).enishi]
          : [r as ReturnType<typeof report>]
      return rows
        .filter((row) => row.label.startsWith('enishi'))
        .map((row) => (row.statuses[200] ?? 0) * row.batch)
    })
    const expected = accepted.reduce((a, b) => a + b, 0)
    const started = Date.now()
    let processed = 0
    while (Date.now() - started < 300_000) {
      processed = await prisma.webhookEvent.count({ where: { processedAt: { not: null } } })
      if (processed >= expected) break
      await new Promise((r) => setTimeout(r, 1000))
    }
    ingest.durability = {
      accepted: expected,
      processed,
      lost: expected - processed,
      drainSeconds: round((Date.now() - started) / 1000),
    }
    console.log(JSON.stringify(ingest.durability))
    results.ingest = ingest
    await bare.app.close()

    console.log('— follow → greeting —')
    const followers = await Promise.all(
      Array.from({ length: FOLLOWS }, (_, i) => sim.createUser(`follower ${i}`)),
    )
    const sentAt = new Map<string, number>()
    let next = 0
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < followers.length) {
          const user = followers[next++]!
          sentAt.set(user.userId, Date.now())
          await sim.follow(user.userId)
        }
      }),
    )
    const latencies: number[] = []
    for (const user of followers) {
      for (let i = 0; i < 300; i++) {
        const greeting = (await sim.chat(user.userId)).find((m) => m.direction === 'bot')
        if (greeting) {
          latencies.push(Date.parse(greeting.at) - sentAt.get(user.userId)!)
          break
        }
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    results.followGreeting = { follows: FOLLOWS, greeted: latencies.length, latencyMs: summarize(latencies) }
    console.log(JSON.stringify(results.followGreeting))
  } finally {
    await prisma.$disconnect()
    await product.stop()
    await temporal.stop()
    await db.drop()
    await rm(dataDir, { recursive: true, force: true })
  }
  console.log('\nRESULTS ' + JSON.stringify(results, null, 2))
}

await main()
