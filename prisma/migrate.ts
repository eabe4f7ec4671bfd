// In-process `prisma migrate deploy`: applies the committed prisma/migrations/*/migration.sql at
// start-up and in tests, with no CLI and no engine binary.
//
// Written directly against `pg` rather than driving the Wasm schema engine: deploying is a small,
// well-defined job (read files, compare with `_prisma_migrations`, run scripts), while the Wasm
// engine costs a 5 MB compile per process, is a prerelease build not pinned to the CLI's exact
// engine version, and reaches the database through adapter-pg's executeScript, which splits scripts
// on every `;` (breaking function bodies such as the AuditLog trigger). The bookkeeping follows
// Prisma's engine (schema-engine/core/src/commands/apply_migrations.rs) so the CLI sees the result as
// its own: same table DDL, sha256 checksums, failed migrations block further deploys until
// `prisma migrate resolve`. tests/prisma checks this against `prisma migrate status`.

import { createHash, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export interface ApplyMigrationsOptions {
  /** Defaults to prisma/migrations next to this file. */
  migrationsDir?: string
  /** Create the database when it does not exist (default true). */
  createDatabase?: boolean
  /** Progress and warnings (default: silent). */
  log?: (message: string) => void
}

export interface Migration {
  name: string
  script: string
  checksum: string
}

/** The key Prisma's engine locks on, so the CLI's `migrate deploy` and ours exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369

const defaultMigrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

// Prisma's PostgreSQL migrations table, column for column.
const createMigrationsTable = (table: string) => `CREATE TABLE IF NOT EXISTS ${table} (
    "id"                    VARCHAR(36) NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "_prisma_migrations_pkey" PRIMARY KEY ("id")
)`

interface MigrationRow {
  migration_name: string
  checksum: string
  finished_at: Date | null
  rolled_back_at: Date | null
  started_at: Date
  logs: string | null
}

export class MigrationError extends Error {
  constructor(
    message: string,
    /** Prisma's error code for the same situation, when there is one. */
    readonly code?: string,
  ) {
    super(message)
    this.name = 'MigrationError'
  }
}

/** Applies every committed migration the database does not have yet; safe to run concurrently. */
export async function applyMigrations(
  databaseUrl: string,
  opts: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {})
  const migrations = await readMigrations(opts.migrationsDir ?? defaultMigrationsDir)
  const { url, schema } = splitSchemaParam(databaseUrl)
  const client = await connect(url, opts.createDatabase ?? true)
  try {
    if (schema !== 'public') {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`)
      await client.query(`SET search_path TO ${quoteIdent(schema)}`)
    }
    const table = `${quoteIdent(schema)}."_prisma_migrations"`
    await inLockedTransaction(client, () => initialize(client, schema, table))

    const applied: string[] = []
    for (const migration of migrations) {
      // One transaction per migration, as Prisma runs each script in its own (implicit) transaction:
      // a later migration may rely on an earlier one being committed (e.g. a new enum value).
      // The lock is re-taken each time and the history re-read under it, so concurrent callers
      // (several replicas starting at once) each apply a migration at most once between them.
      // A transaction-scoped lock also works on embedded PGlite, where every client shares one
      // session (a session lock would not exclude anyone) but transactions run exclusively.
      const outcome = await inLockedTransaction(client, async () => {
        const rows = await listMigrations(client, table)
        throwOnFailedMigrations(rows)
        if (rows.some((r) => r.migration_name === migration.name && r.rolled_back_at === null)) return 'skip'
        await apply(client, table, migration)
        return 'applied'
      }).catch(async (error: unknown) => {
        if (error instanceof MigrationError) throw error // a refusal (failed history), not this migration failing
        await recordFailure(client, table, migration, error)
        throw new MigrationError(
          `Migration \`${migration.name}\` failed to apply: ${(error as Error).message}\n` +
            'Fix it, then mark it with `npx prisma migrate resolve --rolled-back <name>` (or --applied).',
          'P3018',
        )
      })
      if (outcome === 'applied') {
        applied.push(migration.name)
        log(`applied migration ${migration.name}`)
      }
    }
    warnAboutHistory(migrations, await listMigrations(client, table), log)
    return { applied }
  } finally {
    await client.end().catch(() => {})
  }
}

/** The committed migrations, in the order Prisma applies them (directory names sorted). */
export async function readMigrations(migrationsDir: string): Promise<Migration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return []
      throw error
    },
  )
  const lock = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8').catch(() => null)
  const provider = lock && /provider\s*=\s*"([^"]+)"/.exec(lock)?.[1]
  if (provider && provider !== 'postgresql') {
    throw new MigrationError(`The migrations were written for ${provider}, not postgresql.`, 'P3019')
  }
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b)) // what the Prisma CLI does before handing the list to the engine
  return Promise.all(
    dirs.map(async (name) => {
      const script = await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8')
      return { name, script, checksum: createHash('sha256').update(script).digest('hex') }
    }),
  )
}

async function connect(url: string, createIfMissing: boolean): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {}) // a dropped connection surfaces as the failing query's error
  try {
    await client.connect()
    return client
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000' || !createIfMissing) throw error
  }
  await createDatabase(url)
  return connect(url, false)
}

async function createDatabase(url: string): Promise<void> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  target.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: target.toString() })
  admin.on('error', () => {})
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`)
  } catch (error) {
    // Another process created it first: 42P04, or 23505 when both inserted into pg_database at once.
    const code = (error as { code?: string }).code
    if (code !== '42P04' && code !== '23505') throw error
  } finally {
    await admin.end().catch(() => {})
  }
}

async function inLockedTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_ADVISORY_LOCK_KEY])
    const result = await fn()
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  }
}

/** Creates the migrations table, refusing (like Prisma, P3005) a non-empty schema without one. */
async function initialize(client: pg.Client, schema: string, table: string): Promise<void> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm')`,
    [schema],
  )
  if (rows.some((r) => r.relname === '_prisma_migrations')) return
  if (rows.length > 0) {
    throw new MigrationError(
      `The database schema "${schema}" is not empty and has no migration history.\n` +
        'Baseline it first: https://pris.ly/d/migrate-baseline',
      'P3005',
    )
  }
  await client.query(createMigrationsTable(table))
}

async function listMigrations(client: pg.Client, table: string): Promise<MigrationRow[]> {
  const { rows } = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs
     FROM ${table} ORDER BY started_at`,
  )
  return rows
}

function throwOnFailedMigrations(rows: MigrationRow[]): void {
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null)
  if (failed.length === 0) return
  const details = failed
    .map((r) => {
      const logs = r.logs?.trim() ? ` with the following logs:\n${r.logs.trim()}` : ''
      return `The \`${r.migration_name}\` migration started at ${r.started_at.toISOString()} failed${logs}`
    })
    .join('\n')
  throw new MigrationError(
    `Found failed migrations in the target database; new migrations will not be applied.\n${details}\n` +
      'Resolve them with `npx prisma migrate resolve`: https://pris.ly/d/migrate-resolve',
    'P3009',
  )
}

async function apply(client: pg.Client, table: string, migration: Migration): Promise<void> {
  const id = randomUUID()
  await client.query(`INSERT INTO ${table} (id, checksum, migration_name) VALUES ($1, $2, $3)`, [
    id,
    migration.checksum,
    migration.name,
  ])
  // Sent whole without parameters: the simple query protocol runs every statement of the script,
  // including `$$`-quoted function bodies, exactly as Prisma's engine does.
  await client.query(migration.script)
  await client.query(
    `UPDATE ${table} SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp() WHERE id = $1`,
    [id],
  )
}

/** Leaves the same trace as Prisma's engine: a row with logs and no finished_at. */
async function recordFailure(client: pg.Client, table: string, migration: Migration, error: unknown) {
  const e = error as { message?: string; code?: string; position?: string }
  const logs =
    `Migration name: ${migration.name}\n\nDatabase error code: ${e.code ?? 'unknown'}\n\n` +
    `Database error:\n${e.message ?? String(error)}${e.position ? `\n\nPosition: ${e.position}` : ''}`
  await client
    .query(`INSERT INTO ${table} (id, checksum, migration_name, logs) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      migration.checksum,
      migration.name,
      logs,
    ])
    .catch(() => {}) // the original error is what matters
}

/** Prisma's deploy tolerates these; a warning helps whoever edited a migration after applying it. */
function warnAboutHistory(migrations: Migration[], rows: MigrationRow[], log: (message: string) => void) {
  const onDisk = new Map(migrations.map((m) => [m.name, m.checksum]))
  for (const row of rows) {
    if (row.rolled_back_at !== null || row.finished_at === null) continue
    const checksum = onDisk.get(row.migration_name)
    if (checksum === undefined)
      log(`warning: applied migration ${row.migration_name} is not in the migrations folder`)
    else if (checksum !== row.checksum)
      log(`warning: migration ${row.migration_name} was edited after it was applied`)
  }
}

/** Prisma's `?schema=` URL parameter is not a libpq one: take it out and apply it ourselves. */
function splitSchemaParam(databaseUrl: string): { url: string; schema: string } {
  const url = new URL(databaseUrl)
  const schema = url.searchParams.get('schema') ?? 'public'
  url.searchParams.delete('schema')
  return { url: url.toString(), schema }
}

const quoteIdent = (name: string) => '"' + name.replaceAll('"', '""') + '"'
