import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrismaClient } from '../../prisma/client'
import { applyMigrations } from '../../prisma/migrate'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../stack/embeddedPostgres'

describe('embedded PostgreSQL (PGlite over a local port)', () => {
  let dataDir: string
  let server: EmbeddedPostgres
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'enishi-pglite-'))
    server = await startEmbeddedPostgres({ dataDir, port: 0 })
  })
  afterAll(async () => {
    await server?.stop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('runs migrations and Prisma Client like a real server', async () => {
    const [first, second] = await Promise.all([applyMigrations(server.url), applyMigrations(server.url)])
    expect([...first.applied, ...second.applied].length).toBeGreaterThanOrEqual(2)
    expect((await applyMigrations(server.url)).applied).toEqual([])
    const prisma = createPrismaClient(server.url)
    try {
      const channel = await prisma.channel.create({
        data: { name: 'embedded', secret: 's', accessToken: 't', apiBaseUrl: 'http://127.0.0.1:1' },
      })
      await prisma.$transaction([
        prisma.friend.create({ data: { channelId: channel.id, lineUserId: 'U1' } }),
        prisma.friend.create({ data: { channelId: channel.id, lineUserId: 'U2' } }),
      ])
      expect(await prisma.friend.count({ where: { channelId: channel.id } })).toBe(2)
    } finally {
      await prisma.$disconnect()
    }
  })

  it('serves several clients at once (API, worker and migrations connect together)', async () => {
    const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: server.url }))
    await Promise.all(clients.map((c) => c.connect()))
    try {
      const [a, b, c] = clients as [pg.Client, pg.Client, pg.Client]
      await a.query('CREATE TABLE hits (client int, n int)')
      // Interleaved parameterised queries from the three, one of them inside a transaction.
      await a.query('BEGIN')
      await a.query('INSERT INTO hits VALUES ($1, $2)', [0, 0])
      const others = Promise.all(
        [b, c].map(async (client, i) => {
          for (let n = 0; n < 20; n++) await client.query('INSERT INTO hits VALUES ($1, $2)', [i + 1, n])
          return (await client.query<{ k: number }>(`SELECT $1::int AS k`, [i + 1])).rows[0]?.k
        }),
      )
      await a.query('INSERT INTO hits VALUES ($1, $2)', [0, 1])
      await a.query('COMMIT')
      expect(await others).toEqual([1, 2])
      const { rows } = await a.query<{ client: number; n: string }>(
        'SELECT client, count(*) AS n FROM hits GROUP BY client ORDER BY client',
      )
      expect(rows.map((r) => [r.client, Number(r.n)])).toEqual([
        [0, 2],
        [1, 20],
        [2, 20],
      ])
    } finally {
      await Promise.all(clients.map((c) => c.end()))
    }
  })

  it("keeps a client's Parse/Bind/Execute/Sync together even when it arrives in pieces", async () => {
    // Client A sends Parse, then (later) Bind/Execute/Sync. Client B's query in between must wait:
    // the session's unnamed statement would otherwise be B's when A binds.
    const a = await rawConnect(server.port)
    const b = new pg.Client({ connectionString: server.url })
    await b.connect()
    try {
      a.send(message('P', cstring(''), cstring(`SELECT 'from A' AS who`), int16(0)))
      await a.idle(50)
      const bResult = b.query<{ who: string }>('SELECT $1::text AS who', ['from B'])
      let bDone = false
      void bResult.then(() => (bDone = true))
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(bDone).toBe(false) // A holds the session until its Sync
      a.send(
        Buffer.concat([
          message('B', cstring(''), cstring(''), int16(0), int16(0), int16(0)),
          message('E', cstring(''), int32(0)),
          message('S'),
        ]),
      )
      const reply = await a.untilReady()
      expect(reply.toString()).toContain('from A')
      expect(reply.includes(Buffer.from('E'))).toBe(true) // sanity: we did read messages
      expect((await bResult).rows[0]?.who).toBe('from B')
    } finally {
      a.close()
      await b.end()
    }
  })

  it('refuses a second server on the same data folder', async () => {
    await expect(startEmbeddedPostgres({ dataDir, port: 0 })).rejects.toThrow(/already in use/)
  })

  it('keeps the data across a restart', async () => {
    await server.stop()
    server = await startEmbeddedPostgres({ dataDir, port: 0 })
    const client = new pg.Client({ connectionString: server.url })
    await client.connect()
    try {
      const hits = await client.query<{ n: string }>('SELECT count(*) AS n FROM hits')
      expect(Number(hits.rows[0]?.n)).toBe(42)
      const channels = await client.query<{ name: string }>('SELECT name FROM "Channel"')
      expect(channels.rows).toEqual([{ name: 'embedded' }])
    } finally {
      await client.end()
    }
    expect((await applyMigrations(server.url)).applied).toEqual([])
  })
})

// --- A bare-bones PostgreSQL wire-protocol client, to send messages in pieces ---------------------

const int16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff])
const int32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}
const cstring = (s: string) => Buffer.from(s + '\0')
function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts)
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body])
}

async function rawConnect(port: number) {
  const socket = net.connect(port, '127.0.0.1')
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  let received = Buffer.alloc(0)
  socket.on('data', (data) => (received = Buffer.concat([received, data])))
  /** Resolves with everything received once a ReadyForQuery message has arrived. */
  const untilReady = async () => {
    for (let i = 0; i < 200; i++) {
      const at = received.lastIndexOf(Buffer.from([0x5a, 0, 0, 0, 5]))
      if (at !== -1 && at + 6 <= received.length) {
        const all = received
        received = Buffer.alloc(0)
        return all
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error('no ReadyForQuery')
  }
  const startup = Buffer.concat([int32(196608), cstring('user'), cstring('postgres'), cstring('database')])
  const params = Buffer.concat([startup, cstring('postgres'), Buffer.from([0])])
  socket.write(Buffer.concat([int32(params.length + 4), params]))
  await untilReady()
  return {
    send: (data: Buffer) => socket.write(data),
    idle: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
    untilReady,
    close: () => socket.destroy(),
  }
}
