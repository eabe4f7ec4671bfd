import {
  CancellationScope,
  TemporalFailure,
  condition,
  continueAsNew,
  isCancellation,
  makeContinueAsNewFunc,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow'
import type { MainActivities, SendActivities } from '../activities'
import type {
  ActionResult,
  EventMatcher,
  FlowAction,
  FlowContext,
  FriendEvent,
  FriendSnapshot,
  Interruption,
  SendRequest,
  SendResult,
  TraceEntry,
} from '../flow/context'
import { runFlow, type RunEnd } from '../flow/interpreter'
import { matchesEvent } from '../flow/match'
import { migrationTarget } from '../flow/migration'
import { mayEnter, type TriggerEvent } from '../flow/triggers'
import { workflowNow, workflowRandom } from './clock'
import {
  scenarioProgressQuery,
  scenarioSignals,
  type ScenarioFriendEvent,
  type ScenarioInput,
  type ScenarioMigration,
  type ScenarioOutcome,
  type ScenarioRunStatus,
} from './contracts/scenario'
import { ChannelIdKey, FlowIdKey, FlowVersionKey, FriendIdKey } from './contracts/searchAttributes'
import { signalRuns, startScenarioRun, startTriggeredScenarios } from './dispatch'
import { lineRefusal } from './lineRefusal'
import { dbSteps as acts, lineSends } from './proxies'

/** Staff e-mail goes through SMTP, which may be down for a while: retried, but never holds the run long. */
const mail = proxyActivities<MainActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '30 seconds', maximumAttempts: 5 },
})

/** Steps per workflow run before continue-as-new (keeps the history small in loops). */
const STEPS_PER_RUN = 500
/** A reply token is used only while clearly fresh (LINE keeps it one minute). */
const REPLY_TOKEN_FRESH_MS = 50_000

function endStatus(reason: RunEnd['reason']): ScenarioRunStatus {
  if (reason === 'error') return 'failed'
  if (reason === 'blocked' || reason === 'stopped' || reason === 'migrated') return 'cancelled'
  return 'completed'
}

/**
 * One published flow version run for one friend (workflow ID `scenario-<flowId>-<friendId>`).
 * Implements the flow `FlowContext` on Temporal and lets `runFlow` walk the graph.
 */
export async function scenario(input: ScenarioInput): Promise<ScenarioOutcome> {
  const { channelId, flowId, friendId, lineUserId, runId } = input
  const info = workflowInfo()
  const send = lineSends()

  let interruption: Interruption | null = null
  let status: ScenarioRunStatus = 'running'
  let currentNodeId: string | null = input.resume?.nodeId ?? null
  let nextFireAt: number | null = null
  let replyUsed = input.resume?.replyUsed ?? false
  const pending: TraceEntry[] = []
  let written = input.resume?.stepsWritten ?? 0
  // Friend events since the current waitForEvent began (events before a wait are not for it).
  const events: ScenarioFriendEvent[] = []
  // A move to a newer version, applied at the next wait (a step in progress is never cut short).
  let migration: ScenarioMigration | null = input.resume?.migration ?? null

  setHandler(scenarioSignals.friendEvent, (event) => {
    events.push(event)
  })
  // A stop or block outranks a move in progress (`migrate` below then ends the run instead).
  const interrupt = (next: Interruption) => {
    if (!interruption || interruption.reason === 'migrated') interruption = next
  }
  setHandler(scenarioSignals.stop, (arg) => {
    interrupt({ reason: 'stopped', ...(arg?.detail ? { detail: arg.detail } : {}) })
  })
  setHandler(scenarioSignals.blocked, () => {
    interrupt({ reason: 'blocked' })
  })
  setHandler(scenarioSignals.migrate, (next) => {
    // The newest move wins; one to this version or older (a repeated operation) changes nothing.
    if (next.toVersion > Math.max(input.version, migration?.toVersion ?? 0)) migration = next
  })
  /** At a wait: a pending move interrupts it (the interpreter then suspends at the waiting node). */
  const migrating = () => {
    if (migration && !interruption) interruption = { reason: 'migrated' }
    return interruption !== null
  }
  setHandler(scenarioProgressQuery, () => ({ currentNodeId, nextFireAt, status }))

  /** Writes the buffered trace and the run's state (at every wait and at the end). */
  async function flush(update: Partial<Parameters<MainActivities['updateRun']>[0]> = {}) {
    const steps = pending.splice(0).map((entry, i) => ({ seq: written + i, entry }))
    await acts.updateRun({ runId, status, currentNodeId, nextFireAt, steps, ...update })
    written += steps.length
  }

  const friendRef = { channelId, friendId, lineUserId }
  let friend: FriendSnapshot

  if (!input.resume) {
    const { replyToken: _token, ...trigger } = input.trigger
    await acts.beginRun({
      runId,
      channelId,
      flowId,
      version: input.version,
      friendId,
      workflowId: info.workflowId,
      temporalRunId: info.runId,
      trigger,
      startedAt: workflowNow(),
    })
  }
  const channel = await acts.loadChannelSettings({ channelId })

  const ctx: FlowContext = {
    channel,
    now: workflowNow,
    random: workflowRandom,
    interruption: () => interruption,
    friend: () => friend,
    async refreshFriend() {
      friend = await acts.loadFriendSnapshot({ friendId })
      return friend
    },
    trace(entry) {
      if (entry.event === 'node.enter' && entry.nodeId) currentNodeId = entry.nodeId
      pending.push(entry)
    },
    async sleepUntil(at) {
      const ms = at - workflowNow()
      if (ms <= 0 || migrating()) return
      status = 'waiting'
      nextFireAt = at
      await flush()
      await condition(migrating, ms)
      status = 'running'
      nextFireAt = null
    },
    async waitForEvent(matcher: EventMatcher, deadline): Promise<FriendEvent | null> {
      events.length = 0
      if (migrating()) return null
      let found: FriendEvent | null = null
      const check = () => {
        if (migrating()) return true
        const hit = events.find((e) => matchesEvent(matcher, e))
        if (hit) found = hit
        return hit !== undefined
      }
      const ms = deadline - workflowNow()
      if (ms > 0) {
        status = 'waiting'
        nextFireAt = deadline
        await flush()
        await condition(check, ms)
        status = 'running'
        nextFireAt = null
      }
      events.length = 0
      return interruption ? null : found
    },
    async send(request: SendRequest): Promise<SendResult> {
      const now = workflowNow()
      const replyToken =
        !replyUsed && input.trigger.replyToken && now - input.trigger.at < REPLY_TOKEN_FRESH_MS
          ? input.trigger.replyToken
          : undefined
      replyUsed = true
      try {
        const sent = await send.sendToFriend({
          channelId,
          friendId,
          lineUserId,
          messages: request.messages as Parameters<SendActivities['sendToFriend']>[0]['messages'],
          retryKey: uuid4(),
          origin: `scenario:${flowId}:${request.nodeId}`,
          ...(replyToken ? { replyToken, eventTimestamp: input.trigger.at } : {}),
        })
        return { ok: true, ...(sent.requestId ? { requestId: sent.requestId } : {}) }
      } catch (err) {
        return { ok: false, error: lineRefusal(err) }
      }
    },
    scenarioSendCount: (from, to) => acts.countScenarioSends({ friendId, from, to }),
    async applyActions(nodeId: string, actions: FlowAction[]): Promise<ActionResult> {
      const db = actions.filter((a) => a.kind !== 'startScenario' && a.kind !== 'stopScenario')
      let tagsAdded: string[] = []
      if (db.length) {
        const key = uuid4()
        const result = await acts.applyFriendActions({ channelId, friendId, actions: db, key })
        if (!result.ok) return { ok: false, ...(result.error ? { error: result.error } : {}) }
        tagsAdded = result.tagsAdded
        for (const [index, action] of db.entries()) {
          if (action.kind !== 'notifyStaff' || !action.email) continue
          try {
            // The notification row is `<key>-<index>` (applyFriendActions); it is already in the studio.
            await mail.emailStaffNotification({ notificationId: `${key}-${index}` })
          } catch {
            // The e-mail is a courtesy copy of the in-app notification: a mail outage does not stop the run.
          }
        }
      }
      for (const action of actions) {
        if (action.kind === 'startScenario') {
          const candidate = await acts.loadLatestFlowVersion({ channelId, flowId: action.flowId })
          if (!candidate) continue
          const snapshot = await acts.loadFriendSnapshot({ friendId })
          if (!mayEnter(candidate.definition, candidate.flowId, snapshot)) continue
          await startScenarioRun(friendRef, candidate, {
            kind: 'scenario',
            at: workflowNow(),
            data: { fromFlowId: flowId, nodeId },
          })
        } else if (action.kind === 'stopScenario') {
          const own = info.workflowId
          const ids = (await acts.listActiveRuns({ friendId, flowId: action.flowId })).filter(
            (id) => id !== own,
          )
          await signalRuns(ids, scenarioSignals.stop, { detail: `scenario:${flowId}` })
        }
      }
      for (const tagId of tagsAdded) {
        const others = (await acts.listActiveRuns({ friendId })).filter((id) => id !== info.workflowId)
        await signalRuns(others, scenarioSignals.friendEvent, { kind: 'tagAdded', at: workflowNow(), tagId })
        const event: TriggerEvent = { kind: 'tagAdded', tagId }
        await startTriggeredScenarios(acts, friendRef, event, { at: workflowNow() }, flowId)
      }
      friend = await acts.loadFriendSnapshot({ friendId })
      return { ok: true }
    },
  }

  /**
   * Moves the run, suspended at the node it waited at, to the migration's version: records the move and
   * continues as new there, or returns how the run ends (no place to go on, or stopped meanwhile).
   */
  async function migrate(m: ScenarioMigration, fromNodeId: string): Promise<RunEnd> {
    const target = migrationTarget(m, fromNodeId)
    const move = {
      fromVersion: input.version,
      fromNodeId,
      toVersion: m.toVersion,
      outcome: target.kind,
      ...(target.kind === 'end' ? {} : { toNodeId: target.nodeId }),
    }
    ctx.trace({ at: workflowNow(), event: 'migrated', nodeId: fromNodeId, data: move })
    if (target.kind === 'end') return endRun('migrated', fromNodeId, move)
    currentNodeId = target.nodeId
    await flush({ version: m.toVersion })
    const meanwhile = ctx.interruption()
    if (meanwhile && meanwhile.reason !== 'migrated') return endRun(meanwhile.reason, target.nodeId)
    const next: ScenarioInput = {
      ...input,
      version: m.toVersion,
      definition: m.definition,
      resume: { nodeId: target.nodeId, stepsWritten: written, replyUsed },
    }
    return await makeContinueAsNewFunc<typeof scenario>({
      typedSearchAttributes: [
        { key: ChannelIdKey, value: channelId },
        { key: FriendIdKey, value: friendId },
        { key: FlowIdKey, value: flowId },
        { key: FlowVersionKey, value: m.toVersion },
      ],
    })(next)
  }

  /** An end decided by the workflow itself (not by the walk), traced as the interpreter would. */
  function endRun(reason: RunEnd['reason'], nodeId: string, detail?: Record<string, unknown>): RunEnd {
    const end: RunEnd = { reason, at: workflowNow(), nodeId, ...(detail ? { detail } : {}) }
    ctx.trace({ at: end.at, event: 'run.end', nodeId, data: { ...end } })
    return end
  }

  friend = await acts.loadFriendSnapshot({ friendId })

  const triggerEvent = { ...input.trigger.data, kind: input.trigger.kind } as TriggerEvent
  let ended: RunEnd
  try {
    const result = await runFlow(input.definition, ctx, {
      flowId,
      trigger: triggerEvent,
      maxSteps: input.stepsPerRun ?? STEPS_PER_RUN,
      suspendAtMaxSteps: true,
      ...(input.resume ? { resumeAt: input.resume.nodeId } : {}),
    })
    if (result.status === 'ended') ended = result.endedWith
    else if (migration && ctx.interruption()?.reason === 'migrated')
      ended = await migrate(migration, result.resumeAt)
    else {
      currentNodeId = result.resumeAt
      await flush()
      return await continueAsNew<typeof scenario>({
        ...input,
        resume: {
          nodeId: result.resumeAt,
          stepsWritten: written,
          replyUsed,
          ...(migration ? { migration } : {}),
        },
      })
    }
  } catch (err) {
    if (isCancellation(err)) {
      // Cancelled through Temporal itself (not the `stop` signal): still record it.
      await CancellationScope.nonCancellable(async () => {
        status = 'cancelled'
        await flush({ endReason: 'stopped', endedAt: workflowNow(), nextFireAt: null })
      })
      throw err
    }
    if (!(err instanceof TemporalFailure)) throw err
    ended = { reason: 'error', at: workflowNow(), detail: { error: err.message } }
    ctx.trace({ at: ended.at, event: 'run.end', data: { ...ended } })
  }

  status = endStatus(ended.reason)
  nextFireAt = null
  await flush({
    endReason: ended.reason,
    endedAt: ended.at,
    ...(ended.goal ? { goal: ended.goal } : {}),
    ...(ended.nodeId ? { currentNodeId: ended.nodeId } : {}),
  })
  return { endReason: ended.reason, endedAt: ended.at, ...(ended.nodeId ? { nodeId: ended.nodeId } : {}) }
}
