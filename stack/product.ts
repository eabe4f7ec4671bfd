import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { applyMigrations } from '../prisma/migrate'
import { temporalConfig } from '../temporal.config'
import { startEmbeddedPostgres } from './embeddedPostgres'
import { apiUrl, linesimUrl, projectRoot, type Env } from './env'
import { packageFile, startChild, tsNode, waitForHttp, type Child } from './processes'
import { startTemporalDevServer } from './temporal'

export interface ProductOptions {
  env: Env
  /** Start the studio's dev server too (npm start: yes; benchmarks: no). */
  studio: boolean
  log: (line: string) => void
  /** An already running Temporal server (overrides TEMPORAL_ADDRESS); otherwise the config decides. */
  temporalAddress?: string
  /** Called when a child process ends on its own. */
  onChildExit?: (name: string, code: number | null) => void
}

export interface RunningProduct {
  urls: {
    studio?: string
    api: string
    temporalUi?: string
    temporal: string
    /** Not in production: the simulator is a development tool (its admin API has no authentication). */
    linesim?: string
    /** The local mail sink's inbox, when SMTP_URL is not set. */
    mailSink?: string
  }
  databaseUrl: string
  stop(): Promise<void>
}

/**
 * Everything Enishi runs, as separate processes like in production: PostgreSQL (DATABASE_URL or an
 * embedded PGlite), Temporal (TEMPORAL_ADDRESS or the dev server), the LINE simulator, the mail sink
 * (without SMTP_URL), API, worker and studio. Data is kept in the data folder.
 */
export async function startProduct({
  env,
  studio,
  log,
  onChildExit,
  ...options
}: ProductOptions): Promise<RunningProduct> {
  const cleanups: (() => Promise<void>)[] = []
  const children: Child[] = []
  let stopping = false
  let started = false
  // A child that dies during start-up fails the start (and everything is stopped) at once.
  let failStart: (err: Error) => void = () => {}
  const earlyExit = new Promise<never>((_, reject) => (failStart = reject))
  async function stop() {
    stopping = true
    await Promise.all(children.map((c) => c.stop()))
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error(err))
  }
  try {
    await mkdir(env.ENISHI_DATA_DIR, { recursive: true })
    let databaseUrl = env.DATABASE_URL
    if (!databaseUrl) {
      log('DATABASE_URL not set: starting the embedded PostgreSQL (PGlite)')
      const pg = await startEmbeddedPostgres({ dataDir: env.ENISHI_DATA_DIR, port: env.EMBEDDED_PG_PORT })
      cleanups.push(pg.stop)
      databaseUrl = pg.url
    }
    const { applied } = await applyMigrations(databaseUrl)
    log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema up to date')

    let temporalAddress = options.temporalAddress ?? temporalConfig.address
    let temporalUi: string | undefined
    if (!temporalAddress) {
      log('TEMPORAL_ADDRESS not set: starting the Temporal dev server')
      const temporal = await startTemporalDevServer({
        dbFile: path.join(env.ENISHI_DATA_DIR, 'temporal.sqlite'),
        port: temporalConfig.devServer.port,
        uiPort: temporalConfig.devServer.uiPort,
        log,
      })
      cleanups.push(temporal.stop)
      temporalAddress = temporal.address
      temporalUi = temporal.uiUrl
    }

    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      API_URL: apiUrl(env),
      LINESIM_URL: linesimUrl(env),
      API_PORT: String(env.API_PORT),
      LINESIM_PORT: String(env.LINESIM_PORT),
    }
    const spawnChild = (name: string, args: string[], extra: NodeJS.ProcessEnv = {}) => {
      const child = startChild(name, process.execPath, args, { ...childEnv, ...extra })
      children.push(child)
      void child.exited.then((code) => {
        if (stopping) return
        if (started) onChildExit?.(name, code)
        else failStart(new Error(`${name} exited during start-up (${code})`))
      })
    }
    const linesim = env.NODE_ENV === 'production' ? undefined : linesimUrl(env)
    if (linesim) {
      spawnChild('linesim', tsNode('linesim/server.ts'), {
        LINESIM_STATE_FILE: path.join(env.ENISHI_DATA_DIR, 'linesim.json'),
      })
    }
    const mailSinkUrl = env.SMTP_URL ? undefined : `http://127.0.0.1:${env.MAILSINK_PORT}`
    if (mailSinkUrl) {
      spawnChild('mailsink', tsNode('mailsink/server.ts'), {
        MAILSINK_SMTP_PORT: String(env.MAILSINK_SMTP_PORT),
        MAILSINK_PORT: String(env.MAILSINK_PORT),
      })
    }
    const profile = env.ENISHI_CPU_PROFILE_DIR
      ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(env.ENISHI_CPU_PROFILE_DIR)]
      : []
    spawnChild('api', [...profile, ...tsNode('api/server.ts')])
    spawnChild('worker', [
      ...profile,
      `--max-old-space-size=${env.WORKER_MAX_HEAP_MB}`,
      ...tsNode('stack/workerProcess.ts'),
    ])
    const studioUrl = studio ? `http://127.0.0.1:${env.STUDIO_PORT}` : undefined
    if (studio) {
      const vite = packageFile('vite', 'bin/vite.js')
      const config = path.join(projectRoot, 'studio/vite.config.ts')
      const port = String(env.STUDIO_PORT)
      spawnChild('studio', [
        vite,
        'dev',
        '--config',
        config,
        '--port',
        port,
        '--strictPort',
        '--host',
        '127.0.0.1',
      ])
    }

    await Promise.race([
      earlyExit,
      Promise.all([
        linesim ? waitForHttp(`${linesim}/_sim/healthz`, 30_000) : undefined,
        mailSinkUrl ? waitForHttp(`${mailSinkUrl}/_mail/healthz`, 30_000) : undefined,
        waitForHttp(`${apiUrl(env)}/readyz`, 180_000, (s) => s === 200),
        studioUrl ? waitForHttp(studioUrl, 60_000) : undefined,
      ]),
    ])
    started = true
    return {
      urls: {
        studio: studioUrl,
        api: apiUrl(env),
        temporalUi,
        temporal: temporalAddress,
        linesim,
        mailSink: mailSinkUrl && `${mailSinkUrl}/_mail/messages`,
      },
      databaseUrl,
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}
