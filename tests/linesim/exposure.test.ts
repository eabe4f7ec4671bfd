import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSimulatorApp } from '../../linesim/app'
import { projectRoot } from '../../stack/env'
import { tsNode } from '../../stack/processes'

// The admin API (/_sim) has no authentication and hands out channel secrets: it must not be reachable
// from other machines, and the simulator must not run in a production install at all.

/** Runs linesim/server.ts with extra environment; resolves with how it ended. */
async function runServer(env: NodeJS.ProcessEnv) {
  try {
    await promisify(execFile)(process.execPath, tsNode('linesim/server.ts'), {
      cwd: projectRoot,
      env: { ...process.env, LINESIM_PORT: '0', ...env },
      timeout: 20_000,
    })
    return { code: 0, stderr: '' }
  } catch (err) {
    const { code, stderr } = err as { code: number | string; stderr: string }
    return { code, stderr }
  }
}

afterEach(() => vi.unstubAllEnvs())

describe('simulator exposure', () => {
  it('answers the admin API only to this machine', async () => {
    const app = createSimulatorApp()
    try {
      const outside = await app.inject({ method: 'GET', url: '/_sim/channels', remoteAddress: '203.0.113.9' })
      expect(outside.statusCode).toBe(403)
      expect(outside.json().message).toContain('only this machine')
      for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
        expect((await app.inject({ method: 'GET', url: '/_sim/channels', remoteAddress })).statusCode).toBe(
          200,
        )
      }
    } finally {
      await app.close()
    }
  })

  it('is not created with NODE_ENV=production', () => {
    vi.stubEnv('NODE_ENV', 'production')
    expect(() => createSimulatorApp()).toThrow(/does not run with NODE_ENV=production/)
  })

  it('does not start in production, nor listening on a non-loopback address', async () => {
    const production = await runServer({ NODE_ENV: 'production' })
    expect(production.code).toBe(1)
    expect(production.stderr).toContain('does not run with NODE_ENV=production')
    const exposed = await runServer({ LINESIM_HOST: '0.0.0.0' })
    expect(exposed.code).toBe(1)
    expect(exposed.stderr).toContain('LINESIM_HOST: must be a loopback address')
  }, 60_000)
})
