import { Client, Connection } from '@temporalio/client'
import { createPrismaClient } from '../prisma/client'
import { loadEnv } from '../stack/env'
import { temporalAddress, temporalConfig } from '../temporal.config'
import { buildApi } from './app'
import { ensureDefaultChannel, registerWithSimulator, webhookUrlFor } from './channels/defaultChannel'

/** The API process: `tsx api/server.ts` with DATABASE_URL (and TEMPORAL_ADDRESS) set. */
const env = loadEnv()
if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required for the API')
const prisma = createPrismaClient(env.DATABASE_URL)
// Lazy: the API answers (503 for webhooks) even while Temporal is down, and reconnects by itself.
const connection = Connection.lazy({ address: temporalAddress() })
const temporal = new Client({ connection, namespace: temporalConfig.namespace })

const channel = await ensureDefaultChannel(prisma, env)
const app = await buildApi({ prisma, temporal, env, taskQueue: temporalConfig.taskQueues.main })
await app.listen({ host: env.API_HOST, port: env.API_PORT })

if (channel.isSimulator) {
  const webhookUrl = webhookUrlFor(env, channel.id)
  // The simulator may still be starting: keep trying in the background.
  void (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await registerWithSimulator(channel, webhookUrl)
        return
      } catch (err) {
        if (attempt % 10 === 0) app.log.warn({ err }, 'simulator not reachable yet')
        await new Promise((r) => setTimeout(r, 500))
      }
    }
  })()
}

async function shutdown() {
  await app.close()
  await connection.close()
  await prisma.$disconnect()
}
process.once('SIGINT', () => void shutdown())
process.once('SIGTERM', () => void shutdown())
