import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { projectRoot } from './env'
import { createInterface } from 'node:readline'

const require = createRequire(import.meta.url)

/**
 * Node arguments that run a TypeScript file in this very process (tsx as a loader). The tsx CLI
 * would run it in a grandchild, which a SIGKILL of the child leaves running.
 */
export function tsNode(file: string): string[] {
  return ['--import', 'tsx', path.join(projectRoot, file)]
}

/** A file inside an installed package, found through its package.json (bins are rarely exported). */
export function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file)
}

export interface Child {
  name: string
  process: ChildProcess
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>
  stop(): Promise<void>
}

/** Starts a child whose output is shown line by line with its name in front (or handed to onLine). */
export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void = (line) => console.log(`[${name}] ${line}`),
): Child {
  const child = spawn(command, args, { env, cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', onLine)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    name,
    process: child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timeout)
    },
  }
}

/** Polls a URL until it answers (any status below 500) or the time runs out. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  isReady = (s: number) => s < 500,
): Promise<void> {
  const until = Date.now() + timeoutMs
  let last = ''
  while (Date.now() < until) {
    try {
      const res = await fetch(url)
      if (isReady(res.status)) return
      last = `status ${res.status}`
    } catch (err) {
      last = (err as Error).message
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not become ready in ${timeoutMs} ms (${last})`)
}
