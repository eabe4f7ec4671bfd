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
import { benchFollowGreeting } from './followGreeting'
import { benchIngest } from './ingest'
import { temporalStartCeiling } from './temporalCeiling'

/**
 * `npm run bench`: the product as it runs in production (API, worker and simulator as separate
 * processes, the Temporal dev server, PostgreSQL), measured from outside. Results are printed and
 * written to .data/bench-results.json.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15)
const RATES = (process.env.BENCH_RATES ?? '50,100,300').split(',').map(Number)
const FOLLOWS = Number(process.env.BENCH_FOLLOWS ?? 1000)

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
  LINESIM_URL: undefined,
  LINE_CHANNEL_SECRET: undefined,
  LINE_CHANNEL_ACCESS_TOKEN: undefined,
  LOG_LEVEL: 'warn',
})
const product = await startProduct({ env, studio: false, log: () => {}, temporalAddress: temporal.address })
const prisma = createPrismaClient(db.url)
try {
  const channel = await prisma.channel.findFirstOrThrow({ where: { isDefault: true } })
  const sim = simAdmin(product.urls.linesim, channel.id)
  // The API registers the channel with the simulator in the background.
  for (let i = 0; i < 100 && !(await fetch(`${product.urls.linesim}/_sim/channels/${channel.id}`)).ok; i++) {
    await new Promise((r) => setTimeout(r, 100))
  }

  console.log('— follow → greeting (idle system) —')
  const followGreeting = await benchFollowGreeting(sim, FOLLOWS, 2)

  console.log('— Temporal dev server: workflow starts/s, nothing else running —')
  const ceiling = await temporalStartCeiling(temporal.address, 10)

  console.log('— webhook ingest —')
  const simUsers = await Promise.all(Array.from({ length: 50 }, (_, i) => sim.createUser(`bench ${i}`)))
  const users = simUsers.map((u) => u.userId).concat(Array.from({ length: 50 }, () => lineUserId()))
  const ingest = await benchIngest({
    webhookUrl: `${product.urls.api}/webhooks/line/${channel.id}`,
    secret: channel.secret,
    users,
    rates: RATES,
    seconds: SECONDS,
    prisma,
  })

  const results = {
    at: new Date().toISOString(),
    seconds: SECONDS,
    followGreeting,
    temporalCeiling: ceiling,
    ingest,
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
