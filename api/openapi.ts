import { Client, Connection } from '@temporalio/client'
import { createPrismaClient } from '../prisma/client'
import { loadEnv } from '../stack/env'
import { temporalConfig } from '../temporal.config'
import { buildApi } from './app'

/**
 * The API's OpenAPI document, without any server: the app is built with a database client that is
 * never queried and a Temporal connection that is never opened (both connect lazily), and no
 * outbox relay, then asked for its document.
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const prisma = createPrismaClient('postgresql://openapi@127.0.0.1:1/unused')
  const connection = Connection.lazy({ address: '127.0.0.1:1' })
  const temporal = new Client({ connection, namespace: temporalConfig.namespace })
  const env = loadEnv({ NODE_ENV: 'development' })
  const app = await buildApi(
    { prisma, temporal, env, taskQueue: temporalConfig.taskQueues.main },
    { logger: false, outboxRelay: false },
  )
  try {
    await app.ready()
    return app.swagger() as unknown as Record<string, unknown>
  } finally {
    await app.close()
    await connection.close()
    await prisma.$disconnect()
  }
}
