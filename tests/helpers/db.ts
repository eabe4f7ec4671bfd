// A fresh, migrated PostgreSQL database per test file (or per test), on the server named by
// TEST_DATABASE_URL. Unique names let test files run in parallel against one server.

import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createPrismaClient, type PrismaClient } from '../../prisma/client'
import { applyMigrations } from '../../prisma/migrate'

export const testServerUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'

export interface TestDatabase {
  /** Connection URL of the new database (for code that builds its own client or spawns processes). */
  url: string
  prisma: PrismaClient
  /** Disconnects the client and drops the database, even if other connections are still open. */
  drop(): Promise<void>
}

/** A database name no other run is using, recognisable (and removable) as a test leftover. */
export function uniqueDatabaseName(prefix = 'enishi_test'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
}

export function databaseUrl(name: string, serverUrl = testServerUrl): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = uniqueDatabaseName()
  const url = databaseUrl(name)
  await applyMigrations(url) // creates the database, then migrates it
  const prisma = createPrismaClient(url)
  let dropped: Promise<void> | undefined
  return {
    url,
    prisma,
    drop: () =>
      (dropped ??= (async () => {
        await prisma.$disconnect()
        await dropDatabase(name)
      })()),
  }
}

export async function dropDatabase(name: string, serverUrl = testServerUrl): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres', serverUrl) })
  await client.connect()
  try {
    // FORCE: a worker process or SSE stream a test left behind must not keep the database alive.
    await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`)
  } finally {
    await client.end()
  }
}
