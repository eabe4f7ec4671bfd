import type { Client } from '@temporalio/client'
import type { FastifyBaseLogger } from 'fastify'
import type { PrismaClient } from '../prisma/client'
import { RELAY_HANDOFF_DEADLINE_MS, handOffLineEvent } from './lineEvents'
import type { TemporalLiveness } from './temporalLiveness'
import { webhookOutbox } from './webhookOutbox'

const BATCH = 32
const LEASE_MS = 30_000
const IDLE_MS = 250
const BACKOFF_MS = 1_000

export interface OutboxRelay {
  /** Events are waiting in the outbox: new ones queue behind them (order kept, Temporal not flooded). */
  hasBacklog(): boolean
  /** Something was just queued: relay it now rather than after the idle pause. */
  notify(): void
  stop(): Promise<void>
}

/**
 * Hands queued webhook events to Temporal as it has room. Any API replica may run one: rows are
 * leased, so a replica that dies mid-batch only delays its rows until the lease ends. A row whose
 * hand-off fails stays leased and is retried after the lease.
 */
export function startOutboxRelay(deps: {
  prisma: PrismaClient
  temporal: Client
  taskQueue: string
  liveness: TemporalLiveness
  log: FastifyBaseLogger
}): OutboxRelay {
  const outbox = webhookOutbox(deps.prisma)
  let stopped = false
  let backlog = false
  let wake: () => void = () => {}
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  async function relayOnce(): Promise<'idle' | 'busy' | 'failing'> {
    const rows = await outbox.claim(BATCH, LEASE_MS)
    backlog = rows.length > 0
    if (rows.length === 0) return 'idle'
    const handed = await Promise.all(
      rows.map(async (row) => {
        try {
          await handOffLineEvent(
            deps.temporal,
            deps.taskQueue,
            { channelId: row.channelId, destination: row.destination, event: row.event },
            RELAY_HANDOFF_DEADLINE_MS,
          )
          deps.liveness.answered()
          return row.id
        } catch {
          return undefined
        }
      }),
    )
    const done = handed.filter((id): id is string => id !== undefined)
    if (done.length > 0) await outbox.remove(done)
    return done.length === rows.length ? 'busy' : 'failing'
  }

  const running = (async () => {
    while (!stopped) {
      let state: Awaited<ReturnType<typeof relayOnce>>
      try {
        state = await relayOnce()
      } catch (err) {
        deps.log.warn({ reason: (err as Error).message }, 'webhook outbox relay failed')
        state = 'failing'
      }
      if (state === 'idle') await pause(IDLE_MS)
      else if (state === 'failing') await pause(BACKOFF_MS)
    }
  })()

  return {
    hasBacklog: () => backlog,
    notify() {
      backlog = true
      wake()
    },
    async stop() {
      stopped = true
      wake()
      await running
    },
  }
}
