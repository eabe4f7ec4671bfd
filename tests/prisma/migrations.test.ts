import { execFile } from 'node:child_process'
import { cp, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Prisma, type PrismaClient } from '../../prisma/client'
import { applyMigrations, MigrationError, readMigrations } from '../../prisma/migrate'
import {
  createTestDatabase,
  databaseUrl,
  dropDatabase,
  uniqueDatabaseName,
  type TestDatabase,
} from '../helpers/db'

const run = promisify(execFile)
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const migrationsDir = path.join(root, 'prisma', 'migrations')

/** The real Prisma CLI, offline through prisma/schema-engine.mjs (set up by prisma.config.ts). */
function prismaCli(args: string[], env: Record<string, string>) {
  return run(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), ...args], {
    cwd: root,
    env: { ...process.env, ...env, NO_COLOR: '1' },
  })
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql, values)).rows
  } finally {
    await client.end()
  }
}

/** Databases a test creates by name, dropped at the end. */
const created: string[] = []
function freshDatabase(): string {
  const name = uniqueDatabaseName('enishi_mig')
  created.push(name)
  return databaseUrl(name)
}
afterAll(async () => {
  await Promise.all(created.map((name) => dropDatabase(name)))
})

// Two tests run the Prisma CLI: seconds each, more on a busy machine.
describe('applyMigrations', { timeout: 120_000 }, () => {
  it('migrates an empty database, creating it, and a second run is a no-op', async () => {
    const url = freshDatabase()
    const names = (await readMigrations(migrationsDir)).map((m) => m.name)
    expect(names.length).toBeGreaterThanOrEqual(2)

    const first = await applyMigrations(url)
    expect(first.applied).toEqual(names)
    const second = await applyMigrations(url)
    expect(second.applied).toEqual([])

    const rows = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM _prisma_migrations')
    expect(rows.map((r) => r.migration_name).sort()).toEqual(names)
  })

  it('is safe when several processes start at once', async () => {
    const url = freshDatabase()
    const results = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)])
    const all = results.flatMap((r) => r.applied)
    const names = (await readMigrations(migrationsDir)).map((m) => m.name)
    expect(all.sort()).toEqual(names) // each migration applied exactly once, by someone
    const rows = await query<{ n: string }>(url, 'SELECT count(*) AS n FROM _prisma_migrations')
    expect(Number(rows[0]?.n)).toBe(names.length)
  })

  it('writes _prisma_migrations exactly as Prisma does, so the CLI sees its own history', async () => {
    const url = freshDatabase()
    await applyMigrations(url)

    const migrations = await readMigrations(migrationsDir)
    const rows = await query<{
      migration_name: string
      checksum: string
      finished_at: Date | null
      logs: string | null
      rolled_back_at: Date | null
      applied_steps_count: number
    }>(url, 'SELECT * FROM _prisma_migrations ORDER BY started_at')
    expect(rows).toEqual(
      migrations.map((m) =>
        expect.objectContaining({
          migration_name: m.name,
          checksum: m.checksum, // sha256 of migration.sql, hex
          finished_at: expect.any(Date),
          logs: null,
          rolled_back_at: null,
          applied_steps_count: 1,
        }),
      ),
    )
    // The table's shape, column by column (what Prisma's engine creates on PostgreSQL).
    const columns = await query(
      url,
      `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    )
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
      {
        column_name: 'checksum',
        data_type: 'character varying',
        len: 64,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'finished_at',
        data_type: 'timestamp with time zone',
        len: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'migration_name',
        data_type: 'character varying',
        len: 255,
        is_nullable: 'NO',
        column_default: null,
      },
      { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
      {
        column_name: 'rolled_back_at',
        data_type: 'timestamp with time zone',
        len: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'started_at',
        data_type: 'timestamp with time zone',
        len: null,
        is_nullable: 'NO',
        column_default: 'now()',
      },
      {
        column_name: 'applied_steps_count',
        data_type: 'integer',
        len: null,
        is_nullable: 'NO',
        column_default: '0',
      },
    ])

    const status = await prismaCli(['migrate', 'status'], { DATABASE_URL: url })
    expect(status.stdout).toContain('Database schema is up to date!')
  })

  it('leaves the database exactly as schema.prisma describes (no migration missing)', async () => {
    const url = freshDatabase()
    await applyMigrations(url)
    // --exit-code: 0 when empty, 2 when there is a difference (execFile rejects on non-zero).
    const diff = await prismaCli(
      ['migrate', 'diff', '--from-config-datasource', '--to-schema', 'prisma/schema.prisma', '--exit-code'],
      { DATABASE_URL: url },
    )
    expect(diff.stdout).toContain('No difference detected')
  })

  it('refuses a non-empty database without migration history (Prisma P3005)', async () => {
    const url = freshDatabase()
    await query(databaseUrl('postgres'), `CREATE DATABASE "${new URL(url).pathname.slice(1)}"`)
    await query(url, 'CREATE TABLE someone_elses (id int)')
    await expect(applyMigrations(url)).rejects.toMatchObject({ code: 'P3005' })
  })

  it('records a failing migration like Prisma and refuses to continue until it is resolved', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'enishi-migrations-'))
    try {
      await cp(migrationsDir, dir, { recursive: true })
      await mkdir(path.join(dir, '99990101000000_broken'))
      await writeFile(
        path.join(dir, '99990101000000_broken', 'migration.sql'),
        'CREATE TABLE "Half" (id int);\nSELECT * FROM "DoesNotExist";\n',
      )
      const url = freshDatabase()
      const error = await applyMigrations(url, { migrationsDir: dir }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(MigrationError)
      expect(error).toMatchObject({ code: 'P3018' })
      // The script ran in one transaction: nothing of it is left.
      expect(await query(url, `SELECT to_regclass('"Half"') AS t`)).toEqual([{ t: null }])
      const [row] = await query<{ finished_at: Date | null; logs: string }>(
        url,
        `SELECT finished_at, logs FROM _prisma_migrations WHERE migration_name = '99990101000000_broken'`,
      )
      expect(row?.finished_at).toBeNull()
      expect(row?.logs).toContain('DoesNotExist')
      await expect(applyMigrations(url, { migrationsDir: dir })).rejects.toMatchObject({ code: 'P3009' })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('schema constraints', () => {
  let db: TestDatabase
  let prisma: PrismaClient
  beforeAll(async () => {
    db = await createTestDatabase()
    prisma = db.prisma
  })
  afterAll(async () => {
    await db?.drop()
  })

  it('keeps AuditLog append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const entry = await prisma.auditLog.create({ data: { actorType: 'system', action: 'test.append_only' } })
    await expect(
      prisma.auditLog.update({ where: { id: entry.id }, data: { action: 'tampered' } }),
    ).rejects.toThrow(/append-only/)
    await expect(prisma.auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/)
    await expect(prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/)
    await expect(prisma.$executeRawUnsafe('TRUNCATE "AuditLog"')).rejects.toThrow(/append-only/)
    const after = await prisma.auditLog.findUniqueOrThrow({ where: { id: entry.id } })
    expect(after.action).toBe('test.append_only')
    // Inserting stays possible.
    await prisma.auditLog.create({ data: { actorType: 'system', action: 'test.second' } })
    expect(await prisma.auditLog.count()).toBe(2)
  })

  it('allows one Friend per (channel, LINE user)', async () => {
    const channel = await prisma.channel.create({
      data: { name: 'c', secret: 's', accessToken: 't', apiBaseUrl: 'http://127.0.0.1:1' },
    })
    const other = await prisma.channel.create({
      data: { name: 'd', secret: 's', accessToken: 't', apiBaseUrl: 'http://127.0.0.1:1' },
    })
    await prisma.friend.create({ data: { channelId: channel.id, lineUserId: 'U1' } })
    const duplicate = await prisma.friend
      .create({ data: { channelId: channel.id, lineUserId: 'U1' } })
      .catch((e) => e)
    expect(duplicate).toBeInstanceOf(Prisma.PrismaClientKnownRequestError)
    expect(duplicate).toMatchObject({ code: 'P2002' })
    // The same LINE user may be a friend of another channel.
    await prisma.friend.create({ data: { channelId: other.id, lineUserId: 'U1' } })
    expect(await prisma.friend.count({ where: { lineUserId: 'U1' } })).toBe(2)
  })
})
