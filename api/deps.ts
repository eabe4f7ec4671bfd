import type { Client } from '@temporalio/client'
import type { PrismaClient } from '../prisma/client'
import type { Env } from '../stack/env'
import type { OutboxRelay } from './outboxRelay'
import type { TemporalLiveness } from './temporalLiveness'

/** What the API needs from the outside world; tests build it against real servers. */
export interface ApiDeps {
  prisma: PrismaClient
  temporal: Client
  env: Env
  /** The main task queue (temporalConfig's by default; tests use their own). */
  taskQueue: string
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: ApiDeps
    temporalLiveness: TemporalLiveness
    outboxRelay: OutboxRelay
  }
}
