import type { FastifyBaseLogger } from 'fastify'
import type { PrismaClient } from '../../prisma/client'
import { groupCommit } from './groupCommit'
import type { TemporalGateway } from '../temporal/gateway'
import type { TemporalLiveness } from '../temporal/liveness'
import { webhookOutbox, type OutboxRow } from './outbox'

/** LINE counts a webhook answered after 2 s as failed; the relay, with nobody waiting, may use most of that. */
const HANDOFF_DEADLINE_MS = 1_500

/** Hand-offs in flight at once: enough to keep the Temporal dev server at its ceiling. */
const MAX_IN_FLIGHT = 64
/** More rows are claimed once this few are in flight: one claim per handful, not per finished start. */
const REFILL_AT = MAX_IN_FLIGHT / 2
const LEASE_MS = 30_000
const IDLE_MS = 250
const BACKOFF_MS = 1_000

export interface OutboxRelay {
  /** Something was just queued: relay it now rather than after the idle pause. */
  notify(): void
  stop(): Promise<void>
}

/**
 * Hands queued webhook events to Temporal, keeping up to MAX_IN_FLIGHT starts going: a slow start
 * holds one slot, not a whole batch (oldest first, so events keep their order up to that window).
 * Any API replica may run one: rows are leased, so a replica that dies only delays its rows until
 * the lease ends. A row whose hand-off fails stays leased and is retried after the lease; the relay
 * then pauses before claiming more.
 */
export function startOutboxRelay(deps: {
  prisma: PrismaClient
  workflows: Pick<TemporalGateway, 'startLineEvent'>
  liveness: TemporalLiveness
  log: FastifyBaseLogger
}): OutboxRelay {
  const outbox = webhookOutbox(deps.prisma)
  // Rows handed over together are deleted together.
  const remove = groupCommit<string>((ids) => outbox.remove(ids), 1_000)
  let stopped = false
  let inFlight = 0
  let handOffFailed = false
  // A wake-up that comes while the loop is busy is kept for its next pause, not lost.
  let kicked = false
  let endPause: (() => void) | undefined
  const wake = () => (endPause ? endPause() : (kicked = true))
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (kicked) {
        kicked = false
        return resolve()
      }
      const timer = setTimeout(done, ms)
      endPause = done
      function done() {
        clearTimeout(timer)
        endPause = undefined
        resolve()
      }
    })
  const handOffs = new Set<Promise<void>>()

  async function relay(row: OutboxRow) {
    try {
      await deps.workflows.startLineEvent(
        { channelId: row.channelId, destination: row.destination, event: row.event },
        HANDOFF_DEADLINE_MS,
      )
      deps.liveness.answered()
      await remove([row.id])
    } catch {
      // Already started is success (see startLineEvent); anything else waits for the lease to end.
      handOffFailed = true
    }
  }

  function launch(row: OutboxRow) {
    inFlight++
    const p = relay(row).finally(() => {
      inFlight--
      handOffs.delete(p)
      if (inFlight === REFILL_AT) wake()
    })
    handOffs.add(p)
  }

  const running = (async () => {
    while (!stopped) {
      if (handOffFailed) {
        handOffFailed = false
        await pause(BACKOFF_MS)
        continue
      }
      if (inFlight > REFILL_AT) {
        await pause(IDLE_MS)
        continue
      }
      let rows: OutboxRow[]
      try {
        rows = await outbox.claim(MAX_IN_FLIGHT - inFlight, LEASE_MS)
      } catch (err) {
        deps.log.warn({ reason: (err as Error).message }, 'webhook outbox relay failed')
        await pause(BACKOFF_MS)
        continue
      }
      for (const row of rows) launch(row)
      // Nothing queued: sleep until something is (or a lease may have ended).
      if (rows.length === 0) await pause(IDLE_MS)
    }
    await Promise.all(handOffs)
  })()

  return {
    notify: () => wake(),
    async stop() {
      stopped = true
      wake()
      await running
    },
  }
}
