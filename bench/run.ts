import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createPrismaClient } from '../prisma/client'
import { loadEnv, projectRoot } from '../stack/env'
import { startProduct } from '../stack/product'
import { startTemporalDevServer } from '../stack/temporal'
import { createTestDatabase } from '../tests/helpers/db'
import { simAdmin } from '../tests/helpers/simAdmin'
import { freePort } from '../tests/helpers/stack'
import { lineUserId } from '../tests/helpers/webhook'
import { benchEditor } from './editor'
import { benchFollowGreeting } from './followGreeting'
import { benchIngest } from './ingest'
import { ownerSession } from './owner'
import { benchScenarioFirstMessage } from './scenarioFirstMessage'
import { temporalStartCeiling } from './temporalCeiling'
import { benchWaitingFriends } from './waitingFriends'

/**
 * `npm run bench`: the product as it runs in production (API, worker and simulator as separate
 * processes, the Temporal dev server, PostgreSQL), measured from outside. Results are printed and
 * written to .data/bench-results.json.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const RATES = (process.env.BENCH_RATES ?? '50,100,300').split(',').map(Number)
const FOLLOWS = Number(process.env.BENCH_FOLLOWS ?? 1000)
const WAITING_FRIENDS = Number(process.env.BENCH_WAITING_FRIENDS ?? 10_000)
const EDITOR_NODES = Number(process.env.BENCH_EDITOR_NODES ?? 300)

const benchmarks = ['greeting', 'ceiling', 'ingest', 'scenario', 'editor', 'waiting'] as const
/** `BENCH_ONLY=scenario,waiting` runs a subset (in the order above); all by default. */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim())
const unknown = only?.filter((name) => !(benchmarks as readonly string[]).includes(name)) ?? []
if (unknown.length)
  throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')} (known: ${benchmarks.join(', ')})`)
const runs = (name: (typeof benchmarks)[number]) => !only || only.includes(name)

// The product's processes inherit this environment: keep their request logs out of the results.
process.env.LOG_LEVEL ??= 'warn'
const dataDir = await mkdtemp(path.join(tmpdir(), 'enishi-bench-'))
const temporal = await startTemporalDevServer({})
const db = await createTestDatabase()
await db.prisma.$disconnect()
const env = loadEnv({
  ...process.env,
  DATABASE_URL: db.url,
  ENISHI_DATA_DIR: dataDir,
  API_PORT: String(await freePort()),
  LINESIM_PORT: String(await freePort()),
  STUDIO_PORT: String(await freePort()),
  LINESIM_URL: undefined,
  LINE_CHANNEL_SECRET: undefined,
  LINE_CHANNEL_ACCESS_TOKEN: undefined,
  LOG_LEVEL: 'warn',
})
const product = await startProduct({
  env,
  studio: runs('editor'),
  log: () => {},
  temporalAddress: temporal.address,
})
const prisma = createPrismaClient(db.url)
try {
  const channel = await prisma.channel.findFirstOrThrow({ where: { isDefault: true } })
  const linesim = product.urls.linesim
  if (!linesim)
    throw new Error('the benchmarks drive the LINE simulator, which does not run with NODE_ENV=production')
  const sim = simAdmin(linesim, channel.id)
  // The API registers the channel with the simulator in the background.
  for (let i = 0; i < 100 && !(await fetch(`${linesim}/_sim/channels/${channel.id}`)).ok; i++) {
    await new Promise((r) => setTimeout(r, 100))
  }

  const results: Record<string, unknown> = { at: new Date().toISOString() }
  if (runs('greeting')) {
    console.log('— follow → greeting (idle system) —')
    results.followGreeting = await benchFollowGreeting(sim, FOLLOWS, 2)
  }
  if (runs('ceiling')) {
    console.log('— Temporal dev server: workflow starts/s, nothing else running —')
    results.temporalCeiling = await temporalStartCeiling(temporal.address, 10)
  }
  if (runs('ingest')) {
    console.log('— webhook ingest —')
    const simUsers = await Promise.all(Array.from({ length: 50 }, (_, i) => sim.createUser(`bench ${i}`)))
    const users = simUsers.map((u) => u.userId).concat(Array.from({ length: 50 }, () => lineUserId()))
    results.seconds = SECONDS
    results.ingest = await benchIngest({
      webhookUrl: `${product.urls.api}/webhooks/line/${channel.id}`,
      secret: channel.secret,
      users,
      rates: RATES,
      seconds: SECONDS,
      prisma,
    })
  }
  // Scenarios are made through the API as the owner, like in the studio.
  const owner =
    runs('scenario') || runs('editor') || runs('waiting') ? await ownerSession(product.urls.api) : null
  if (owner && runs('scenario')) {
    console.log('— follow → first scenario message —')
    results.scenarioFirstMessage = await benchScenarioFirstMessage(sim, owner, FOLLOWS, 2)
  }
  if (owner && runs('editor')) {
    console.log(`— scenario editor with ${EDITOR_NODES} nodes (Chromium) —`)
    results.editor = await benchEditor({
      owner,
      studioUrl: product.urls.studio!,
      nodes: EDITOR_NODES,
      loads: Number(process.env.BENCH_EDITOR_LOADS ?? 5),
      drags: Number(process.env.BENCH_EDITOR_DRAGS ?? 10),
    })
  }
  if (owner && runs('waiting')) {
    console.log(`— ${WAITING_FRIENDS} friends waiting in one scenario, woken together —`)
    results.waitingFriends = await benchWaitingFriends({
      sim,
      owner,
      prisma,
      channel,
      friends: WAITING_FRIENDS,
      concurrency: Number(process.env.BENCH_FOLLOW_CONCURRENCY ?? 16),
      leadSeconds: process.env.BENCH_WAIT_LEAD_SECONDS
        ? Number(process.env.BENCH_WAIT_LEAD_SECONDS)
        : undefined,
      drainSeconds: Number(process.env.BENCH_WAIT_DRAIN_SECONDS ?? 900),
    })
  }

  await mkdir(path.join(projectRoot, '.data'), { recursive: true })
  await writeFile(path.join(projectRoot, '.data', 'bench-results.json'), JSON.stringify(results, null, 2))
  console.log('\nwritten to .data/bench-results.json')
} finally {
  await prisma.$disconnect()
  await product.stop()
  await temporal.stop()
  await db.drop()
  await rm(dataDir, { recursive: true, force: true })
}
