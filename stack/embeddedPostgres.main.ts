// Serves the embedded database on its own, for the Prisma CLI or psql without the whole stack:
//   npx tsx stack/embeddedPostgres.main.ts                 data folder's database + in-memory shadow
//   npx tsx stack/embeddedPostgres.main.ts --shadow-only   only the shadow (`npm start` already serves
//                                                          the data folder's database)
// `migrate dev` needs the shadow: PGlite serves one database whatever name is asked for, so the CLI
// cannot create a temporary one next to the main database as it does on a real server.

import { loadEnv } from './env'
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embeddedPostgres'

const env = loadEnv()
const shadowOnly = process.argv.includes('--shadow-only')
const servers: EmbeddedPostgres[] = []

if (!shadowOnly) {
  const main = await startEmbeddedPostgres({ dataDir: env.ENISHI_DATA_DIR, port: env.EMBEDDED_PG_PORT })
  servers.push(main)
  console.log(`DATABASE_URL=${main.url}`)
}
const shadow = await startEmbeddedPostgres({ port: env.EMBEDDED_PG_PORT + 1 })
servers.push(shadow)
console.log(`SHADOW_DATABASE_URL=${shadow.url}`)
console.log('Ctrl-C to stop.')

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    void Promise.all(servers.map((s) => s.stop())).then(() => process.exit(0))
  })
}
