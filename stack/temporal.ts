import { execFile } from 'node:child_process'
import { access, constants, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { TestWorkflowEnvironment } from '@temporalio/testing'
import { temporalConfig } from '../temporal.config'
import { projectRoot } from './env'

const run = promisify(execFile)

/** Where the project keeps tools it builds itself (gitignored, reused when present). */
export const toolsDir = path.join(projectRoot, '.tools', 'bin')

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK)
    return true
  } catch {
    return false
  }
}

async function onPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name)
    if (await isExecutable(candidate)) return candidate
  }
  return undefined
}

/**
 * Finds a `temporal` CLI: TEMPORAL_CLI_PATH, then PATH, then the project's tool folder, then builds it
 * from Go modules (the only Temporal source reachable here). Undefined when none of these works; the
 * caller then lets the SDK download the CLI.
 */
export async function findOrBuildTemporalCli(
  log: (line: string) => void = console.log,
): Promise<string | undefined> {
  const configured = process.env.TEMPORAL_CLI_PATH
  if (configured) {
    if (await isExecutable(configured)) return configured
    throw new Error(`TEMPORAL_CLI_PATH=${configured} is not an executable file`)
  }
  const local = path.join(toolsDir, 'temporal')
  if (await isExecutable(local)) return local
  const found = await onPath('temporal')
  if (found) return found
  const go =
    (await onPath('go')) ??
    ((await isExecutable('/usr/local/go/bin/go')) ? '/usr/local/go/bin/go' : undefined)
  if (!go) return undefined
  const { cliModule, cliVersion } = temporalConfig.devServer
  log(`Building the Temporal CLI ${cliVersion} with Go (first run only, a few minutes)…`)
  await mkdir(toolsDir, { recursive: true })
  await run(go, ['install', `${cliModule}@${cliVersion}`], {
    env: { ...process.env, GOBIN: toolsDir, GOFLAGS: '-mod=mod' },
    maxBuffer: 64 * 1024 * 1024,
  })
  return local
}

export interface TemporalDevServerOptions {
  /** SQLite file for persistence; omitted = in memory (tests). */
  dbFile?: string
  /** Fixed ports for `npm start`; tests let the server pick free ones. */
  port?: number
  uiPort?: number
  log?: (line: string) => void
}

export interface RunningTemporal {
  address: string
  uiUrl?: string
  env: TestWorkflowEnvironment
  stop(): Promise<void>
}

/** Starts the Temporal CLI dev server (our build, or the SDK's download as a last resort). */
export async function startTemporalDevServer(
  options: TemporalDevServerOptions = {},
): Promise<RunningTemporal> {
  const cli = await findOrBuildTemporalCli(options.log)
  if (options.dbFile) await mkdir(path.dirname(options.dbFile), { recursive: true })
  const { host } = temporalConfig.devServer
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' },
      dbFilename: options.dbFile,
      ip: host,
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      namespace: temporalConfig.namespace,
      searchAttributes: temporalConfig.searchAttributes,
      log: { format: 'pretty', level: 'error' },
    },
  })
  const address = env.connection.options.address
  return {
    address,
    uiUrl: options.uiPort !== undefined ? `http://${host}:${options.uiPort}` : undefined,
    env,
    stop: () => env.teardown(),
  }
}
