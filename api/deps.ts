import type { Client } from '@temporalio/client'
import type { PrismaClient } from '../prisma/client'
import type { Env } from '../stack/env'
import type { OutboxRelay } from './webhooks/outboxRelay'
import type { TemporalGateway } from './temporal/gateway'
import type { TemporalLiveness } from './temporal/liveness'

/** What the API needs from the outside world; tests build it against real servers. */
export interface ApiDeps {
  prisma: PrismaClient
  temporal: Client
  env: Env
  /** The main task queue (temporalConfig's by default; tests use their own). */
  taskQueue: string
}

/** What routes get: the deps and, built on `temporal`, the one way to start and signal workflows. */
export interface AppDeps extends ApiDeps {
  workflows: TemporalGateway
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps
    temporalLiveness: TemporalLiveness
    outboxRelay: OutboxRelay
  }
}
