// The embedded default database for a bare laptop: PGlite (PostgreSQL compiled to Wasm) persisted in
// the data folder and served on a local TCP port, so the API, the worker, migrations and the Prisma
// CLI all reach it through the same `pg` driver path as a real PostgreSQL server.
//
// PGlite is a single-session database. @electric-sql/pglite-socket multiplexes client connections
// onto that one session (`maxConnections`, default 1: a second client would be turned away). Its
// queue hands the session to another client between any two protocol messages unless an explicit
// transaction is open, so one client's Parse/Bind/Execute/Sync sequence could be split by another
// client's (a Bind larger than one TCP read is enough), and its unnamed statement replaced.
// `holdSessionUntilReady` swaps in a scheduler that keeps the session with one client until the
// backend reports ReadyForQuery outside a transaction: the exchange is complete, nothing is open.
// What remains different from a real server, by nature: one query runs at a time, and
// session-level state (SET, session advisory locks, LISTEN) is shared by every client.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface EmbeddedPostgresOptions {
  /** The data folder; the database lives in `<dataDir>/pglite`. Omit for a throwaway in-memory one. */
  dataDir?: string
  /** TCP port; 0 picks a free one (see `url`). */
  port: number
  host?: string
}

export interface EmbeddedPostgres {
  /** Connection URL. The database name is ignored: PGlite serves one database. */
  url: string
  port: number
  stop(): Promise<void>
}

export async function startEmbeddedPostgres({
  dataDir,
  port,
  host = '127.0.0.1',
}: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dbDir = dataDir ? path.join(dataDir, 'pglite') : undefined
  const releaseLock = dbDir ? await lockDataDir(dbDir) : async () => {}
  let db: PGlite | undefined
  let server: PGLiteSocketServer | undefined
  try {
    if (dbDir) await mkdir(dbDir, { recursive: true })
    db = await PGlite.create(dbDir ?? 'memory://')
    // The limit is only a guard against runaway clients: every connection shares the one session.
    server = new PGLiteSocketServer({ db, port, host, maxConnections: 200 })
    holdSessionUntilReady(server, db)
    await server.start()
  } catch (error) {
    await server?.stop().catch(() => {})
    await db?.close().catch(() => {})
    await releaseLock()
    throw error
  }
  const actualPort = Number(server.getServerConn().split(':').pop())
  let stopped: Promise<void> | undefined
  return {
    url: `postgresql://postgres@${host}:${actualPort}/postgres`,
    port: actualPort,
    stop: () =>
      (stopped ??= (async () => {
        await server.stop()
        await db.close()
        await releaseLock()
      })()),
  }
}

/**
 * Two PGlite instances writing one folder would corrupt it. A pid file makes a second start fail
 * clearly; a stale one (its process is gone) is taken over.
 */
async function lockDataDir(dbDir: string): Promise<() => Promise<void>> {
  const lockFile = `${dbDir}.lock`
  await mkdir(path.dirname(lockFile), { recursive: true })
  for (;;) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: 'wx' })
      return () => rm(lockFile, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number(await readFile(lockFile, 'utf8').catch(() => ''))
      if (pid && isAlive(pid)) {
        throw new Error(`The embedded database in ${dbDir} is already in use by process ${pid}.`)
      }
      await rm(lockFile, { force: true })
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

// --- The session scheduler -------------------------------------------------------------------

interface QueuedMessage {
  handlerId: number
  message: Uint8Array
  onData: (data: Uint8Array) => void
  resolve: (bytes: number) => void
  reject: (error: unknown) => void
}

/** The parts of pglite-socket 0.2's (unexported) QueryQueueManager that handlers call into. */
interface QueryQueue {
  queue: QueuedMessage[]
  processing: boolean
  processQueue(): Promise<void>
  clearTransactionIfNeeded(handlerId: number): Promise<void>
}

const READY_FOR_QUERY = 0x5a // 'Z', followed by int32 length 5 and the transaction status
const IDLE = 0x49 // 'I': not in a transaction block
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4)

function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(sql + '\0')
  const message = Buffer.alloc(5 + body.length)
  message.write('Q', 0)
  message.writeInt32BE(4 + body.length, 1)
  body.copy(message, 5)
  return message
}

function holdSessionUntilReady(server: PGLiteSocketServer, db: PGlite): void {
  const q = (server as unknown as { queryQueue?: QueryQueue }).queryQueue
  if (!q || !Array.isArray(q.queue) || typeof q.processQueue !== 'function') {
    throw new Error('@electric-sql/pglite-socket internals changed: review stack/embeddedPostgres.ts')
  }
  /** The client the session belongs to until its exchange completes, or null when free. */
  let owner: number | null = null
  const run = (message: Uint8Array, onData: (data: Uint8Array) => void = () => {}) =>
    db.runExclusive(() => db.execProtocolRawStream(message, { onRawData: onData }))

  q.processQueue = async () => {
    if (q.processing) return
    q.processing = true
    try {
      while (q.queue.length > 0) {
        const index = owner === null ? 0 : q.queue.findIndex((m) => m.handlerId === owner)
        if (index === -1) break // the owner's next message has not arrived: everyone else waits
        const [item] = q.queue.splice(index, 1) as [QueuedMessage]
        let bytes = 0
        const tail: number[] = [] // the last 6 bytes of the response: a ReadyForQuery message?
        try {
          await run(item.message, (data) => {
            bytes += data.length
            tail.push(...data.subarray(-6))
            tail.splice(0, tail.length - 6)
            item.onData(data)
          })
        } catch (error) {
          owner = db.isInTransaction() ? item.handlerId : null
          item.reject(error)
          continue
        }
        const ready =
          tail.length === 6 && tail[0] === READY_FOR_QUERY && tail.slice(1, 5).join() === '0,0,0,5'
        owner = ready && tail[5] === IDLE ? null : item.handlerId
        item.resolve(bytes)
      }
    } finally {
      q.processing = false
    }
  }

  // Called when a client disconnects: if it held the session, close what it left open.
  q.clearTransactionIfNeeded = async (handlerId: number) => {
    if (owner !== handlerId) return
    try {
      await run(SYNC) // ends an unfinished extended-protocol exchange
      if (db.isInTransaction()) await run(simpleQuery('ROLLBACK'))
    } finally {
      owner = null
      void q.processQueue()
    }
  }
}
