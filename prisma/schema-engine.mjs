#!/usr/bin/env node
// A drop-in for Prisma's native `schema-engine` binary, for machines that cannot download it.
//
// prisma.config.ts points PRISMA_SCHEMA_ENGINE_BINARY here. The Prisma 7 CLI then spawns this file
// exactly like the native engine and talks to it the same way:
//   - `schema-engine --datamodels <file>... --datasource <json>`: JSON-RPC 2.0, one message per line
//     on stdin/stdout, logs as JSON lines on stderr, exit when stdin closes;
//   - `schema-engine --datasource <json> cli <command>`: one-shot database checks
//     (can-connect-to-database, create-database, drop-database), errors as JSON log lines on stderr;
//   - `schema-engine --version`.
// Every RPC is forwarded to the official Wasm build of the same engine (@prisma/schema-engine-wasm),
// which reaches PostgreSQL through the `pg` driver adapter (@prisma/adapter-pg).
//
// Where the Wasm engine + adapter differ from the native binary, this file makes up the difference:
//   - adapter-pg refuses PostgreSQL's internal one-byte `"char"` type (pg_class.relkind,
//     pg_constraint.contype, ...), which introspection reads: such columns are passed on as the
//     adapter protocol's Character type;
//   - adapter-pg's executeScript splits scripts on every `;`, which breaks function bodies
//     (`$$ ... ; ... $$`) and runs statements outside a transaction: scripts are sent whole, as the
//     native engine does (one simple-protocol query, so one implicit transaction);
//   - adapter-pg's own shadow database would reuse the main database when given a connection string
//     (pg lets the URL override `database`): a temporary database is created and dropped here, or
//     `shadowDatabaseUrl` from prisma.config.ts is used;
//   - the Wasm `diff` returns its output, while the CLI expects a `print` request: forwarded as one;
//   - createMigration/evaluateDataLoss can miss the shadow schema the engine caches: primed, retried;
//   - Rust panics are reported through a JS registry the engine expects (otherwise they crash).
// With embedded PGlite (one database per server) `migrate dev` needs SHADOW_DATABASE_URL: see
// stack/embeddedPostgres.main.ts.
// Plain JavaScript (no build step) because the CLI executes this file directly.

import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from '@prisma/driver-adapter-utils'
import pg from 'pg'

const PG_CHAR_OID = 18
const PG_TEXT_OID = 25

// ---------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const args = { datamodels: [], datasource: {}, cli: null, version: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--datamodels' || arg === '-d') args.datamodels.push(argv[++i])
    else if (arg === '--datasource') args.datasource = JSON.parse(argv[++i] ?? '{}')
    else if (arg === '--enabled-preview-features' || arg === '--extension-types')
      i++ // not used by Wasm
    else if (arg === '--version' || arg === '-V') args.version = true
    else if (arg === 'cli') args.cli = argv[++i] ?? ''
  }
  return args
}

// ---------------------------------------------------------------------------------------------
// Logging in the native engine's format: the CLI reads stderr lines as JSON and shows the
// `message` of the last ERROR line (with its `error_code`) when something fails.

function log(level, message, extra = {}) {
  process.stderr.write(
    JSON.stringify({
      timestamp: new Date().toISOString(),
      level,
      fields: { message, ...extra },
      target: 'schema_engine::logger',
    }) + '\n',
  )
}

// ---------------------------------------------------------------------------------------------
// Connection helpers

function describe(url) {
  const u = new URL(url)
  return {
    host: u.hostname || 'localhost',
    port: u.port || '5432',
    database: decodeURIComponent(u.pathname.slice(1)) || 'postgres',
    user: decodeURIComponent(u.username) || 'postgres',
  }
}

function withDatabase(url, database) {
  const u = new URL(url)
  u.pathname = '/' + encodeURIComponent(database)
  return u.toString()
}

const quoteIdent = (name) => '"' + name.replaceAll('"', '""') + '"'

/** Maps a `pg` connection failure to the user-facing error Prisma's native engine reports. */
function connectionError(error, url) {
  const { host, port, database, user } = describe(url)
  const at = `${host}:${port}`
  if (error.code === '3D000') {
    return userError('P1003', `Database \`${database}\` does not exist on the database server at \`${at}\`.`)
  }
  if (error.code === '28P01' || error.code === '28000') {
    return userError(
      'P1000',
      `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
    )
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET'].includes(error.code)) {
    return userError(
      'P1001',
      `Can't reach database server at \`${at}\`\n\nPlease make sure your database server is running at \`${at}\`.`,
    )
  }
  return error
}

function userError(code, message, meta) {
  return Object.assign(new Error(message), { code, meta })
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {}) // a dropped idle connection is reported by the failing query instead
  try {
    await client.connect()
  } catch (error) {
    throw connectionError(error, url)
  }
  try {
    return await fn(client)
  } finally {
    await client.end().catch(() => {})
  }
}

async function createDatabase(url) {
  const { database } = describe(url)
  await withClient(withDatabase(url, 'postgres'), async (client) => {
    await client.query(`CREATE DATABASE ${quoteIdent(database)}`).catch((error) => {
      if (error.code !== '42P04') throw error // already exists: nothing to do
    })
  })
  return database
}

async function dropDatabase(url, database = describe(url).database) {
  await withClient(withDatabase(url, 'postgres'), async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`)
    } catch (error) {
      if (error.code !== '42601') throw error // WITH (FORCE) needs PostgreSQL 13+
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`)
    }
  })
}

// ---------------------------------------------------------------------------------------------
// The driver adapter factory handed to the Wasm engine

class PgAdapterFactory {
  provider = 'postgres'
  adapterName = '@prisma/adapter-pg'
  /** Adapters still open, closed on exit if the engine did not dispose of them. */
  open = new Set()

  constructor(url, shadowDatabaseUrl) {
    this.url = url
    this.shadowDatabaseUrl = shadowDatabaseUrl
  }

  connect() {
    // Note: the Wasm engine queries the database as soon as it is constructed, so unlike the native
    // engine even `migrate diff --from-empty --to-schema ...` needs the database to exist.
    return this.#open(this.url)
  }

  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      if (sameDatabase(this.shadowDatabaseUrl, this.url)) {
        throw new Error('The shadow database URL must not point at the main database.')
      }
      const adapter = await this.#open(this.shadowDatabaseUrl)
      await resetDatabase(adapter) // as the native engine does: leftovers would show up as drift
      return adapter
    }
    const name = `prisma_migrate_shadow_db_${randomUUID()}`
    await withClient(this.url, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`))
    const drop = () => dropDatabase(this.url, name)
    let adapter
    try {
      adapter = await this.#open(withDatabase(this.url, name), { afterDispose: drop })
      // Embedded PGlite serves one database whatever name is asked for: the "shadow" database would
      // be the main one, and the engine would reset it. Refuse instead.
      const current = await adapter.queryRaw({ sql: 'SELECT current_database()', args: [], argTypes: [] })
      if (current.rows[0]?.[0] !== name) {
        throw new Error(
          'This server ignores database names (embedded PGlite?), so a temporary shadow database cannot be created. Set SHADOW_DATABASE_URL to a separate, disposable database.',
        )
      }
      return adapter
    } catch (error) {
      if (adapter) await adapter.dispose().catch(() => {})
      else await drop().catch(() => {})
      throw error
    }
  }

  async #open(url, { afterDispose } = {}) {
    let adapter
    try {
      adapter = await new PrismaPg({ connectionString: url }, { onPoolError: () => {} }).connect()
      await adapter.underlyingDriver().query('SELECT 1') // fail here, with a Prisma error code
    } catch (error) {
      if (adapter) await adapter.dispose().catch(() => {})
      throw connectionError(error, url)
    }
    acceptCharColumns(adapter)
    const startTransaction = adapter.startTransaction.bind(adapter)
    adapter.startTransaction = async (isolationLevel) =>
      acceptCharColumns(await startTransaction(isolationLevel))
    adapter.executeScript = async (script) => {
      try {
        await adapter.underlyingDriver().query(script)
      } catch (error) {
        adapter.onError(error) // throws the adapter's DriverAdapterError, which the engine understands
      }
    }
    const dispose = adapter.dispose.bind(adapter)
    let disposed
    adapter.dispose = () => {
      disposed ??= (async () => {
        this.open.delete(adapter)
        await dispose()
        await afterDispose?.()
      })()
      return disposed
    }
    this.open.add(adapter)
    return adapter
  }

  async close() {
    await Promise.all([...this.open].map((adapter) => adapter.dispose().catch(() => {})))
  }
}

/** Drops every user schema (and all it holds), then recreates an empty `public`. */
async function resetDatabase(adapter) {
  const pool = adapter.underlyingDriver()
  const { rows } = await pool.query(
    `SELECT nspname FROM pg_namespace
     WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'`,
  )
  const drops = rows.map((row) => `DROP SCHEMA ${quoteIdent(row.nspname)} CASCADE;`)
  await pool.query(`${drops.join('\n')}\nCREATE SCHEMA IF NOT EXISTS public;`)
}

function sameDatabase(a, b) {
  const x = describe(a)
  const y = describe(b)
  return x.host === y.host && x.port === y.port && x.database === y.database
}

/**
 * Makes a queryable accept `"char"` columns. adapter-pg has no mapping for them and throws; the
 * engine reads them with `as_char()` (e.g. pg_constraint.contype), so they must come back as the
 * driver-adapter Character type. performIO presents them to adapter-pg as text (their values already
 * arrive as strings) and notes the columns; queryRaw then corrects the reported column types.
 */
function acceptCharColumns(queryable) {
  if (typeof queryable.performIO !== 'function' || typeof queryable.queryRaw !== 'function') {
    throw new Error('@prisma/adapter-pg changed: performIO is gone; update prisma/schema-engine.mjs')
  }
  const charColumns = new WeakMap() // query object -> indexes of its "char" columns
  const performIO = queryable.performIO
  queryable.performIO = async function (query) {
    const result = await performIO.call(this, query)
    const indexes = []
    result?.fields?.forEach((field, i) => {
      if (field.dataTypeID !== PG_CHAR_OID) return
      field.dataTypeID = PG_TEXT_OID
      indexes.push(i)
    })
    if (indexes.length) charColumns.set(query, indexes)
    return result
  }
  const queryRaw = queryable.queryRaw
  queryable.queryRaw = async function (query) {
    const result = await queryRaw.call(this, query) // passes `query` on to performIO
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character
    return result
  }
  return queryable
}

// ---------------------------------------------------------------------------------------------
// The Wasm engine

/** The Rust panic message of the last Wasm panic (the engine's panic hook reports it here). */
let lastPanic = null

async function loadWasm() {
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    set_message: (message) => {
      lastPanic = message
    },
  }
  // The package's entry imports the .wasm file as an ES module, which Node 20 cannot do:
  // instantiate it by hand with the generated bindings as its import object.
  const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  const wasmUrl = new URL('schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm'))
  const { instance } = await WebAssembly.instantiate(readFileSync(fileURLToPath(wasmUrl)), {
    './schema_engine_bg.js': bindings,
  })
  bindings.__wbg_set_wasm(instance.exports)
  instance.exports.__wbindgen_start()
  return bindings
}

function readDatamodels(paths) {
  // Must be undefined or non-empty (Wasm engine contract).
  return paths.length ? paths.map((file) => [file, readFileSync(file, 'utf8')]) : undefined
}

/** Turns whatever the Wasm engine threw into the JSON-RPC error object the CLI understands. */
function rpcError(error, registry) {
  // Errors thrown by our own JS (adapter factory) reach the engine as opaque ids
  // ("External error id#3"): recover the original for a readable message and its error code.
  const id = /External error id#(\d+)/.exec(String(error?.message))?.[1]
  const original = (id !== undefined && registry?.consumeError(Number(id))?.error) || error
  const isPanic = original instanceof WebAssembly.RuntimeError || original?.name === 'RuntimeError'
  const message = isPanic && lastPanic ? lastPanic : (original?.message ?? String(original))
  const data = { is_panic: isPanic, message, backtrace: null }
  if (typeof original?.code === 'string' && /^P\d{4}$/.test(original.code)) {
    data.error_code = original.code
    data.meta = original.meta ?? {}
  }
  // For panics the CLI shows the top-level message (native: the panic text), otherwise data.message.
  return {
    code: 4466,
    message: isPanic ? message : 'An error happened. Check the data field for details.',
    data,
  }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC server

async function serve(args) {
  const url = args.datasource.url
  const factory = new PgAdapterFactory(url, args.datasource.shadowDatabaseUrl)
  const bound = bindMigrationAwareSqlAdapterFactory(factory)
  let engine
  const getEngine = async () => {
    if (!engine) {
      if (!url) throw userError('P1012', 'No datasource URL: set `datasource.url` in prisma.config.ts.')
      const { SchemaEngine } = await loadWasm()
      const onLog = (line) => process.stderr.write(String(line).trimEnd() + '\n')
      engine = await SchemaEngine.new({ datamodels: readDatamodels(args.datamodels) }, onLog, bound)
    }
    return engine
  }

  let nextRequestId = 1
  const pendingRequests = new Map()
  const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n')
  /** Asks the CLI to print (what the native engine does for `migrate diff`) and waits for its ack. */
  const print = (content) =>
    new Promise((resolve) => {
      const id = `print-${nextRequestId++}`
      pendingRequests.set(id, resolve)
      send({ id, method: 'print', params: { content } })
    })

  const methods = {
    // Answered here: plain connection work, no engine needed.
    ensureConnectionValidity: async () => {
      await withClient(url, () => {})
      return {}
    },
    createDatabase: async () => ({ databaseName: await createDatabase(url) }),
    getDatabaseVersion: async () =>
      withClient(url, async (c) => (await c.query('SELECT version()')).rows[0].version),
    getDatabaseDescription: async () => {
      throw new Error('getDatabaseDescription is not supported by the Wasm schema engine')
    },
    diff: async (params) => {
      const { stdout, ...rest } = await (await getEngine()).diff(params)
      if (stdout) await print(stdout.replace(/\n$/, ''))
      return rest
    },
    debugPanic: async () => (await getEngine()).debugPanic(),
  }
  const forwarded = [
    'applyMigrations',
    'createMigration',
    'dbExecute',
    'devDiagnostic',
    'diagnoseMigrationHistory',
    'evaluateDataLoss',
    'introspect',
    'introspectSql',
    'markMigrationApplied',
    'markMigrationRolledBack',
    'reset',
    'schemaPush',
  ]
  for (const name of forwarded) {
    // Called as a method (not extracted): wasm-bindgen methods need their `this`.
    methods[name] = async (params) => (await getEngine())[name](params)
  }
  // The Wasm engine hands its shadow-database factory only to devDiagnostic, diagnoseMigrationHistory
  // and diff; createMigration and evaluateDataLoss read the shadow schema from a cache those fill.
  // When the cache misses (e.g. `migrate dev` right after applying pending migrations), they fail
  // with "shadow DB must be provided through an external factory": prime the cache and retry.
  for (const name of ['createMigration', 'evaluateDataLoss']) {
    methods[name] = async (params) => {
      const engine = await getEngine()
      try {
        return await engine[name](params)
      } catch (error) {
        if (!/shadow DB must be provided through an external factory/.test(String(error?.message)))
          throw error
        await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters })
        return await engine[name](params)
      }
    }
  }

  // A Rust panic inside a callback from JS (e.g. while a driver adapter call resolves) surfaces as an
  // uncaught exception rather than a rejected promise. Answer the request in flight with it, as the
  // native engine does, then exit: the Wasm instance is unusable after a panic.
  let inFlight = null
  process.on('uncaughtException', (error) => {
    const rpc = rpcError(error, bound.errorRegistry)
    log('ERROR', rpc.data.message, { is_panic: rpc.data.is_panic })
    if (inFlight !== null) send({ id: inFlight, error: rpc })
    process.exit(rpc.data.is_panic ? 101 : 1)
  })

  const handle = async (request) => {
    inFlight = request.id
    const method = methods[request.method]
    if (!method) {
      send({ id: request.id, error: { code: -32601, message: `Method not found: ${request.method}` } })
      return
    }
    try {
      const result = await method(request.params ?? {})
      send({ id: request.id, result: result ?? null })
    } catch (error) {
      send({ id: request.id, error: rpcError(error, bound.errorRegistry) })
    } finally {
      inFlight = null
    }
  }

  // One request at a time, in order, like the native engine; replies to our own requests
  // (`print` acks) are matched immediately.
  let queue = Promise.resolve()
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
  lines.on('line', (line) => {
    if (!line.trim()) return
    let message
    try {
      message = JSON.parse(line)
    } catch {
      send({ id: null, error: { code: -32700, message: 'Parse error' } })
      return
    }
    if (message.method === undefined) {
      pendingRequests.get(message.id)?.()
      pendingRequests.delete(message.id)
      return
    }
    queue = queue.then(() => handle(message))
  })
  await new Promise((resolve) => lines.once('close', resolve))
  await queue
  engine?.free()
  await factory.close()
}

// ---------------------------------------------------------------------------------------------
// One-shot `cli` commands

async function runCli(command, url) {
  if (!url) throw userError('P1012', 'No datasource URL: set `datasource.url` in prisma.config.ts.')
  switch (command) {
    case 'can-connect-to-database':
      await withClient(url, () => {})
      return
    case 'create-database':
      await createDatabase(url)
      return
    case 'drop-database':
      await dropDatabase(url)
      return
    default:
      throw new Error(`Unknown cli command: ${command}`)
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  if (args.version) {
    const packageJson = new URL('package.json', import.meta.resolve('@prisma/schema-engine-wasm'))
    const { version } = JSON.parse(readFileSync(fileURLToPath(packageJson), 'utf8'))
    process.stdout.write(`schema-engine-cli ${version.split('.').pop()} (wasm)\n`)
    return
  }
  if (args.cli !== null) {
    // The CLI skips the first stderr line of one-shot commands (the native engine logs its start
    // there) before looking for the ERROR line: keep that shape.
    log('INFO', `Running ${args.cli}`)
    try {
      await runCli(args.cli, args.datasource.url)
    } catch (error) {
      log('ERROR', error.message, typeof error.code === 'string' ? { error_code: error.code } : {})
      process.exitCode = 1
    }
    return
  }
  await serve(args)
}

main().catch((error) => {
  log('ERROR', error?.stack ?? String(error))
  process.exitCode = 1
})
