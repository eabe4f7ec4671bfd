import { formatDate, formatTimeOfDay, localParts, MINUTE, zonedEpoch } from '../flow/time'
import type { Prisma, PrismaClient } from '../prisma/client'
import type { SimAdmin, SimUser } from '../tests/helpers/simAdmin'
import { createSimUsers } from './follow'
import { FlowBuilder, textMessage } from './flows'
import type { OwnerSession } from './owner'
import { childPid, memoryOf } from './proc'
import { round, summarize } from './stats'

const wakeText = 'enishi bench: the wait is over'

export interface WaitingOptions {
  sim: SimAdmin
  owner: OwnerSession
  prisma: PrismaClient
  channel: { id: string; timezone: string }
  friends: number
  /** Follows sent at once. */
  concurrency: number
  /** From the first follow to the wait's end; by default enough for ~10 starts/s plus a minute. */
  leadSeconds?: number
  /** How long to wait for every message after the wait's end. */
  drainSeconds: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)))

/** Follows, redelivering an event the API did not answer 200 (as LINE would), until it is taken. */
async function followAll(sim: SimAdmin, users: SimUser[], concurrency: number): Promise<number> {
  let next = 0
  let redeliveries = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users.length) {
        const user = users[next++]!
        const { webhookEventId, delivery } = await sim.follow(user.userId)
        let status = delivery.statusCode
        for (let attempt = 1; status !== 200; attempt++) {
          if (attempt > 20) throw new Error(`follow of ${user.userId} never answered 200`)
          await sleep(Math.min(10_000, 250 * 2 ** attempt))
          redeliveries += 1
          status = (await sim.redeliver(webhookEventId)).delivery.statusCode
        }
      }
    }),
  )
  return redeliveries
}

/**
 * N friends inside one scenario that waits until the same absolute date and time T (minute
 * granularity, in the channel's time zone), then sends one message. Friends come in through the
 * product's only start path, LINE follow webhooks from the simulator (there is no bulk start), so
 * each start costs a webhook, a lineEvent workflow (friend, profile, greeting reply) and the run.
 * Measures the start rate until all are waiting, the worker's memory, and the time from T until
 * every friend's message is in the simulator's log.
 */
export async function benchWaitingFriends(o: WaitingOptions) {
  const { prisma, sim } = o
  const setupStarted = Date.now()
  const users = await createSimUsers(sim, o.friends, 'waiting friend')
  const setupSeconds = round((Date.now() - setupStarted) / 1000)

  const leadSeconds = o.leadSeconds ?? Math.ceil(o.friends / 10) + 60
  const wakeAt = Math.ceil((Date.now() + leadSeconds * 1000) / MINUTE) * MINUTE
  const wall = localParts(wakeAt, o.channel.timezone)
  const wait = { mode: 'untilDateTime', date: formatDate(wall), time: formatTimeOfDay(wall), ifPast: 'skip' }
  if (zonedEpoch(wall, o.channel.timezone) !== wakeAt) throw new Error('wake time does not round-trip')
  const flowId = await o.owner.flow(
    'bench: wait until T → message',
    new FlowBuilder()
      .node('trigger', 'trigger.follow', { refollow: true }, 0, 0)
      .node('wait', 'wait', wait, 300, 0)
      // A run that starts after T takes `skipped` and ends without the message: counted as late.
      .node('wake', 'message', textMessage(wakeText), 600, 0)
      .edge('trigger', 'wait')
      .edge('wait', 'wake')
      .build(),
  )

  // The worker's memory, sampled once a second for the whole benchmark.
  const workerPid = await childPid('stack/workerProcess.ts')
  const rss: number[] = []
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      rss.push((await memoryOf(workerPid)).rssMiB)
      await sleep(1000)
    }
  })()
  const waitingCount = () => prisma.scenarioRun.count({ where: { flowId, status: 'waiting' } })

  try {
    const rssBeforeFollows = (await memoryOf(workerPid)).rssMiB
    const followsFrom = Date.now()
    const redeliveries = await followAll(sim, users, o.concurrency)
    const followsSeconds = (Date.now() - followsFrom) / 1000
    while (Date.now() < wakeAt - 1000 && (await waitingCount()) < o.friends) await sleep(250)
    const rssAllWaiting = (await memoryOf(workerPid)).rssMiB

    // Counted just before T: at T the first timers fire and runs leave `waiting`. A run whose
    // state write was still queued is not counted here but may well have begun to wait in time.
    await sleep(wakeAt - 500 - Date.now())
    const waitingAtT = await waitingCount()
    await sleep(wakeAt - Date.now())
    const drainUntil = Date.now() + o.drainSeconds * 1000
    const ended: Prisma.ScenarioRunWhereInput = {
      flowId,
      status: { in: ['completed', 'failed', 'cancelled'] },
    }
    while (Date.now() < drainUntil && (await prisma.scenarioRun.count({ where: ended })) < o.friends) {
      await sleep(500)
    }
    const [lastEnd, runs, woken] = await Promise.all([
      prisma.scenarioRun.aggregate({ where: { flowId }, _max: { endedAt: true } }),
      prisma.scenarioRun.groupBy({ by: ['status'], where: { flowId }, _count: { _all: true } }),
      // Past the message node; a run that began after T ended at the wait (`skipped`).
      prisma.scenarioRun.count({ where: { ...ended, currentNodeId: 'wake' } }),
    ])
    // When each run began to wait, in workflow time: its `wait` trace entry (read once all have
    // ended, as a busy worker writes it late).
    const waits = await prisma.runStep.aggregate({
      where: { run: { flowId }, event: 'wait', nodeId: 'wait', at: { lt: new Date(wakeAt) } },
      _count: { _all: true },
      _min: { at: true },
      _max: { at: true },
    })
    const inTime = waits._count._all
    const firstWait = waits._min.at?.getTime() ?? NaN
    const lastWait = waits._max.at?.getTime() ?? NaN
    sampling = false
    await sampler

    // Every friend's chat in the simulator: when the scenario's message arrived, relative to T.
    const afterT: number[] = []
    let next = 0
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < users.length) {
          const user = users[next++]!
          const item = (await sim.chat(user.userId)).find((m) => m.message.text === wakeText)
          if (item) afterT.push(Date.parse(item.at) - wakeAt)
        }
      }),
    )
    const delivered = summarize(afterT)
    const result = {
      friends: o.friends,
      followConcurrency: o.concurrency,
      simUsersSetupSeconds: setupSeconds,
      leadSeconds: round((wakeAt - followsFrom) / 1000),
      follows: { seconds: round(followsSeconds), perSecond: round(o.friends / followsSeconds), redeliveries },
      starts: {
        /** From the first follow until the last run (of those in time) began to wait. */
        allWaitingSeconds: round((lastWait - followsFrom) / 1000),
        perSecond: round(inTime / ((lastWait - followsFrom) / 1000)),
        /** Between the first and the last run's wait (without the set-up and the first follows). */
        steadyPerSecond: round(inTime / ((lastWait - firstWait) / 1000)),
      },
      /** Runs whose wait began before T, and those recorded as `waiting` in PostgreSQL at T. */
      waitingAtT: { inTime, recorded: waitingAtT },
      lateStarts: o.friends - inTime,
      woken,
      /** Runs by status when the benchmark ended (all `completed` when it went well). */
      runs: Object.fromEntries(runs.map((r) => [r.status, r._count._all])),
      workerRssMiB: {
        beforeFollows: rssBeforeFollows,
        allWaiting: rssAllWaiting,
        peakDuringBench: Math.max(...rss),
        peakSinceWorkerStart: (await memoryOf(workerPid)).peakMiB,
      },
      wake: {
        received: afterT.length,
        /** From T to each friend's message in the simulator's log. */
        afterTms: delivered,
        allReceivedSeconds: afterT.length === o.friends ? round(delivered.max / 1000) : null,
        lastRunEndedSeconds: lastEnd._max.endedAt
          ? round((lastEnd._max.endedAt.getTime() - wakeAt) / 1000)
          : null,
        messagesPerSecond: round(afterT.length / (delivered.max / 1000)),
      },
    }
    console.log(JSON.stringify(result))
    return result
  } finally {
    sampling = false
    await sampler
  }
}
