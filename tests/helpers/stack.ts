import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:net'
import path from 'node:path'
import { Client, Connection } from '@temporalio/client'
import type { FastifyInstance } from 'fastify'
import { buildApi } from '../../api/app'
import { ensureDefaultChannel, registerWithSimulator } from '../../api/channels/defaultChannel'
import { createMailer } from '../../activities/mail'
import { createSimulatorApp } from '../../linesim/app'
import { startMailSink, type SunkMail } from '../../mailsink/app'
import type { Channel, PrismaClient } from '../../prisma/client'
import { loadEnv, projectRoot } from '../../stack/env'
import { packageFile, startChild, tsNode, waitForHttp, type Child } from '../../stack/processes'
import { startWorkers, type RunningWorker } from '../../stack/worker'
import { createTestDatabase } from './db'
import { simAdmin, type SimAdmin } from './simAdmin'

export type WorkerMode = 'in-process' | 'process' | 'none'

export interface StackOptions {
  /** The Temporal server to use (tests: `inject('temporalAddress')`). */
  temporalAddress: string
  worker?: WorkerMode
  /** Also run the studio (vite dev server) against this stack. */
  studio?: boolean
}

export interface TestStack {
  prisma: PrismaClient
  databaseUrl: string
  temporal: Client
  temporalAddress: string
  taskQueue: string
  channel: Channel
  api: FastifyInstance
  apiUrl: string
  simUrl: string
  sim: SimAdmin
  /** E-mails the product sent, newest first (the local mail sink). */
  mails(): SunkMail[]
  studioUrl?: string
  startWorker(mode?: Exclude<WorkerMode, 'none'>): Promise<void>
  /** Stops the worker; `kill` ends a worker process with SIGKILL, as a crash would. */
  stopWorker(how?: 'graceful' | 'kill'): Promise<void>
  stop(): Promise<void>
}

function urlOf(app: FastifyInstance): string {
  const { port } = app.server.address() as AddressInfo
  return `http://127.0.0.1:${port}`
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/**
 * The whole product for one test file, all real: a fresh PostgreSQL database, the shared Temporal dev
 * server (own task queue), the LINE simulator, the API, a worker (in-process or a killable process)
 * and optionally the studio.
 */
export async function startStack(options: StackOptions): Promise<TestStack> {
  const { temporalAddress } = options
  const taskQueue = `test-${randomUUID()}`
  const db = await createTestDatabase()
  const simApp = createSimulatorApp({ logger: false })
  await simApp.listen({ port: 0, host: '127.0.0.1' })
  const simUrl = urlOf(simApp)
  const mailSink = await startMailSink({ smtpPort: 0 })
  const smtpUrl = `smtp://127.0.0.1:${mailSink.smtpPort}`
  const env = loadEnv({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    LINESIM_URL: simUrl,
    LOG_LEVEL: 'silent',
    LINE_CHANNEL_SECRET: undefined,
    LINE_CHANNEL_ACCESS_TOKEN: undefined,
  })
  const connection = await Connection.connect({ address: temporalAddress })
  const temporal = new Client({ connection })
  const channel = await ensureDefaultChannel(db.prisma, env)
  const api = await buildApi({ prisma: db.prisma, temporal, env, taskQueue }, { logger: false })
  await api.listen({ port: 0, host: '127.0.0.1' })
  const apiUrl = urlOf(api)
  await registerWithSimulator(channel, `${apiUrl}/webhooks/line/${channel.id}`)

  let inProcess: RunningWorker | undefined
  let workerProcess: Child | undefined
  async function startWorker(mode: Exclude<WorkerMode, 'none'> = 'in-process') {
    if (mode === 'in-process') {
      inProcess = await startWorkers({
        prisma: db.prisma,
        address: temporalAddress,
        taskQueue,
        mailer: createMailer(smtpUrl, env.MAIL_FROM),
        studioOrigin: 'http://studio.test',
      })
      return
    }
    let ready: () => void = () => {}
    const started = new Promise<void>((resolve) => (ready = resolve))
    workerProcess = startChild(
      'worker',
      process.execPath,
      tsNode('stack/workerProcess.ts'),
      {
        ...process.env,
        DATABASE_URL: db.url,
        TEMPORAL_ADDRESS: temporalAddress,
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMTP_URL: smtpUrl,
      },
      (line) => (line.includes('worker polling') ? ready() : process.env.DEBUG_WORKER && console.log(line)),
    )
    await Promise.race([
      started,
      workerProcess.exited.then((code) => Promise.reject(new Error(`worker process exited early (${code})`))),
    ])
  }
  async function stopWorker(how: 'graceful' | 'kill' = 'graceful') {
    if (inProcess) await inProcess.shutdown()
    inProcess = undefined
    if (workerProcess) {
      if (how === 'kill') {
        workerProcess.process.kill('SIGKILL')
        await workerProcess.exited
      } else await workerProcess.stop()
    }
    workerProcess = undefined
  }
  if (options.worker !== 'none') await startWorker(options.worker ?? 'in-process')

  let studio: Child | undefined
  let studioUrl: string | undefined
  if (options.studio) {
    const port = await freePort()
    studio = startChild(
      'studio',
      process.execPath,
      [
        packageFile('vite', 'bin/vite.js'),
        'dev',
        '--config',
        path.join(projectRoot, 'studio/vite.config.ts'),
        '--port',
        String(port),
        '--strictPort',
        '--host',
        '127.0.0.1',
      ],
      { ...process.env, API_URL: apiUrl },
      () => {},
    )
    studioUrl = `http://127.0.0.1:${port}`
    await waitForHttp(studioUrl, 60_000)
  }

  return {
    prisma: db.prisma,
    databaseUrl: db.url,
    temporal,
    temporalAddress,
    taskQueue,
    channel,
    api,
    apiUrl,
    simUrl,
    sim: simAdmin(simUrl, channel.id),
    mails: mailSink.mails,
    studioUrl,
    startWorker,
    stopWorker,
    async stop() {
      await studio?.stop()
      await stopWorker()
      await api.close()
      await simApp.close()
      await mailSink.close()
      await connection.close()
      await db.drop()
    },
  }
}
