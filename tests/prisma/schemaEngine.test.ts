// The Prisma CLI, offline, through prisma/schema-engine.mjs (the drop-in for the native engine).
// Runs in a copy of the project so a `migrate dev` can never write into the real migrations folder.

import { execFile } from 'node:child_process'
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyMigrations } from '../../prisma/migrate'
import { startEmbeddedPostgres } from '../../stack/embeddedPostgres'
import { databaseUrl, dropDatabase, testServerUrl, uniqueDatabaseName } from '../helpers/db'

const run = promisify(execFile)
// Each CLI run starts Node, loads the config and compiles the 5 MB Wasm engine: seconds, more on a
// busy machine.
const CLI_TIMEOUT = 120_000
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

let project: string
const created: string[] = []
function freshDatabase(): string {
  const name = uniqueDatabaseName('enishi_cli')
  created.push(name)
  return databaseUrl(name)
}

function prismaCli(args: string[], url: string, env: Record<string, string> = {}) {
  return run(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), ...args], {
    cwd: project,
    env: { ...process.env, DATABASE_URL: url, NO_COLOR: '1', ...env },
  })
}

async function shadowDatabasesLeft(): Promise<string[]> {
  const client = new pg.Client({ connectionString: testServerUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`,
    )
    return rows.map((r) => r.datname)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'enishi-cli-'))
  await cp(path.join(root, 'prisma.config.ts'), path.join(project, 'prisma.config.ts'))
  await cp(path.join(root, 'package.json'), path.join(project, 'package.json'))
  for (const file of ['schema.prisma', 'schema-engine.mjs', 'migrations']) {
    await cp(path.join(root, 'prisma', file), path.join(project, 'prisma', file), { recursive: true })
  }
  await symlink(path.join(root, 'node_modules'), path.join(project, 'node_modules'))
})
afterAll(async () => {
  await Promise.all(created.map((name) => dropDatabase(name)))
  if (project) await rm(project, { recursive: true, force: true })
})

describe('Prisma CLI with the Wasm schema engine drop-in', { timeout: CLI_TIMEOUT }, () => {
  it('migrate dev on a fresh clone: creates the database, applies the history, finds nothing to add', async () => {
    const before = await shadowDatabasesLeft()
    const url = freshDatabase()
    const first = await prismaCli(['migrate', 'dev'], url)
    expect(first.stdout).toMatch(/have been applied|in sync/)
    const second = await prismaCli(['migrate', 'dev'], url)
    expect(second.stdout).toContain('Already in sync')
    // The temporary shadow databases were dropped again.
    expect(await shadowDatabasesLeft()).toEqual(before)
  })

  it('migrate diff from the migrations (through a shadow database) matches schema.prisma', async () => {
    const url = freshDatabase()
    await applyMigrations(url) // the shadow database is created next to this one
    const diff = await prismaCli(
      [
        'migrate',
        'diff',
        '--from-migrations',
        'prisma/migrations',
        '--to-schema',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      url,
    )
    expect(diff.stdout).toContain('No difference detected')
  })

  it('db pull introspects a migrated database (PostgreSQL "char" columns handled)', async () => {
    const url = freshDatabase()
    await applyMigrations(url)
    const pull = await prismaCli(['db', 'pull', '--print'], url)
    expect(pull.stdout).toMatch(/model AuditLog \{/)
    expect(pull.stdout).toMatch(/@@unique\(\[channelId, lineUserId\]\)/)
  })

  it('answers the one-shot connection checks with Prisma error codes', async () => {
    const engine = path.join(project, 'prisma', 'schema-engine.mjs')
    const missing = databaseUrl(uniqueDatabaseName('enishi_missing'))
    const result = await run(engine, [
      '--datasource',
      JSON.stringify({ url: missing }),
      'cli',
      'can-connect-to-database',
    ])
      .then(() => null)
      .catch((e: { stderr: string; code: number }) => e)
    expect(result?.code).toBe(1)
    const lines = result!.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; fields: object })
    expect(lines.at(-1)).toMatchObject({ level: 'ERROR', fields: { error_code: 'P1003' } })
  })

  it('works against the embedded PGlite server, with a second one as shadow database', async () => {
    // PostgreSQL 18 (PGlite) also lists NOT NULL constraints in pg_constraint ("char" contype 'n').
    const [main, shadow] = await Promise.all([
      startEmbeddedPostgres({ port: 0 }),
      startEmbeddedPostgres({ port: 0 }),
    ])
    try {
      const env = { SHADOW_DATABASE_URL: shadow.url }
      const dev = await prismaCli(['migrate', 'dev'], main.url, env)
      expect(dev.stdout).toMatch(/have been applied|in sync/)
      const pull = await prismaCli(['db', 'pull', '--print'], main.url)
      expect(pull.stdout).toMatch(/model AuditLog \{/)
      // Without a shadow URL the drop-in refuses to treat the main database as a temporary one.
      const refused = await prismaCli(['migrate', 'dev'], main.url).catch(
        (e: { stdout: string; stderr: string }) => e,
      )
      expect(`${refused.stdout}${refused.stderr}`).toMatch(/SHADOW_DATABASE_URL/)
    } finally {
      await Promise.all([main.stop(), shadow.stop()])
    }
  })
})
