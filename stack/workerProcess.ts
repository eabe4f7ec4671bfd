import { createPrismaClient } from '../prisma/client'
import { temporalAddress, temporalConfig } from '../temporal.config'
import { createMailer } from '../activities/mail'
import { loadEnv, smtpUrl, studioOrigin } from './env'
import { startWorkers } from './worker'

/** The worker process: `tsx stack/workerProcess.ts` with DATABASE_URL (and TEMPORAL_ADDRESS) set. */
const env = loadEnv()
if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required for the worker')
const prisma = createPrismaClient(env.DATABASE_URL)
const worker = await startWorkers({
  prisma,
  address: temporalAddress(),
  taskQueue: temporalConfig.taskQueues.main,
  mailer: createMailer(smtpUrl(env), env.MAIL_FROM),
  studioOrigin: studioOrigin(env),
})
console.log(`worker polling ${temporalConfig.taskQueues.main} and ${temporalConfig.taskQueues.lineSend}`)
const stop = () => void worker.shutdown()
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
await worker.done
await prisma.$disconnect()
