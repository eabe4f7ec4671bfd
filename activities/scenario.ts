import type {
  ActionResult,
  ChannelSettings,
  FieldValue,
  FlowAction,
  FriendEvent,
  FriendSnapshot,
  ScenarioRecord,
  TraceEntry,
} from '../flow/context'
import { channelSettingsOf } from '../flow/channelSettings'
import { normalizeFlow, type FlowDefinition } from '../flow/graph'
import { triggerMatches, type TriggerEvent } from '../flow/triggers'
import type { PrismaClient } from '../prisma/client'
import type { ReminderScheduler } from '../workflows/contracts/reminder'
import type { ScenarioRunStatus } from '../workflows/contracts/scenario'
import { syncFieldReminders } from './reminders'

/** How many recent inbound events a friend snapshot carries (branch conditions look at them). */
const HISTORY_EVENTS = 50

export interface EntryCandidate {
  flowId: string
  version: number
  definition: FlowDefinition
}

function recordState(run: { status: string; endReason: string | null }): ScenarioRecord['state'] {
  if (run.status === 'running' || run.status === 'waiting') return 'active'
  if (run.status === 'failed') return 'error'
  if (run.status === 'cancelled') return run.endReason === 'blocked' ? 'blocked' : 'stopped'
  return 'completed'
}

function fieldValue(type: string, value: unknown): FieldValue {
  switch (type) {
    case 'number':
      return { type: 'number', value: typeof value === 'number' ? value : null }
    case 'datetime':
      return { type: 'datetime', value: typeof value === 'number' ? value : null }
    case 'date':
      return { type: 'date', value: typeof value === 'string' ? value : null }
    case 'select':
      return { type: 'select', value: typeof value === 'string' ? value : null }
    default:
      return { type: 'text', value: value === null || value === undefined ? null : String(value) }
  }
}

export function scenarioActivities(prisma: PrismaClient, reminders: ReminderScheduler) {
  async function snapshot(friendId: string): Promise<FriendSnapshot> {
    const friend = await prisma.friend.findUniqueOrThrow({
      where: { id: friendId },
      include: {
        tags: { select: { tagId: true } },
        fields: { include: { field: { select: { key: true, type: true } } } },
        runs: {
          select: { flowId: true, status: true, endReason: true, startedAt: true, endedAt: true, goal: true },
        },
      },
    })
    const fields: Record<string, FieldValue> = {}
    const defined = await prisma.friendField.findMany({
      where: { channelId: friend.channelId },
      select: { key: true, type: true },
    })
    for (const f of defined) fields[f.key] = fieldValue(f.type, null)
    for (const v of friend.fields) fields[v.field.key] = fieldValue(v.field.type, v.value)

    const inbound = await prisma.message.findMany({
      where: { friendId, direction: 'inbound', type: { in: ['text', 'postback'] } },
      orderBy: { createdAt: 'desc' },
      take: HISTORY_EVENTS,
      select: { type: true, content: true, createdAt: true },
    })
    const events: FriendEvent[] = inbound.reverse().map((m) => {
      const content = (m.content ?? {}) as { text?: string; data?: string }
      const at = m.createdAt.getTime()
      return m.type === 'postback'
        ? { kind: 'postback', at, data: content.data ?? '' }
        : { kind: 'reply', at, text: content.text ?? '' }
    })
    const scenarios: ScenarioRecord[] = friend.runs.map((r) => ({
      flowId: r.flowId,
      state: recordState(r),
      startedAt: r.startedAt.getTime(),
      endedAt: r.endedAt?.getTime() ?? null,
      ...(r.goal ? { goal: true } : {}),
    }))
    return {
      id: friend.id,
      displayName: friend.displayName || '友だち',
      blocked: friend.status === 'blocked',
      followedAt: friend.followedAt?.getTime() ?? null,
      tags: friend.tags.map((t) => t.tagId),
      fields,
      history: { events, scenarios },
    }
  }

  // Versions never change once published, and every event checks every active flow's trigger:
  // each version is validated and normalized once per worker, not once per event.
  const runnableVersions = new Map<string, EntryCandidate | null>()
  const RUNNABLE_CACHE_SIZE = 500

  /** A published version as runs get it (normalized); null if it no longer validates. */
  function runnable(v: { flowId: string; version: number; definition: unknown }): EntryCandidate | null {
    const key = `${v.flowId}@${v.version}`
    if (runnableVersions.has(key)) return runnableVersions.get(key)!
    const { ok, flow } = normalizeFlow(v.definition)
    const candidate = ok && flow ? { flowId: v.flowId, version: v.version, definition: flow } : null
    if (runnableVersions.size >= RUNNABLE_CACHE_SIZE)
      runnableVersions.delete(runnableVersions.keys().next().value!)
    runnableVersions.set(key, candidate)
    return candidate
  }

  return {
    /** The friend as a flow sees them: tags, typed fields, recent replies/postbacks, scenario history. */
    loadFriendSnapshot: (input: { friendId: string }): Promise<FriendSnapshot> => snapshot(input.friendId),

    /** The channel's delivery rules and time zone. */
    async loadChannelSettings(input: { channelId: string }): Promise<ChannelSettings> {
      return channelSettingsOf(await prisma.channel.findUniqueOrThrow({ where: { id: input.channelId } }))
    },

    /**
     * Flows this trigger event starts: `active` flows of the channel whose latest published version's
     * trigger matches (`triggerMatches`), plus the friend's snapshot when there are any (the workflow
     * applies `mayEnter`).
     */
    async listEntryCandidates(input: {
      channelId: string
      friendId: string
      event: TriggerEvent
    }): Promise<{ candidates: EntryCandidate[]; friend: FriendSnapshot | null }> {
      const flows = await prisma.flow.findMany({
        where: { channelId: input.channelId, status: 'active', latestVersion: { gt: 0 } },
        select: { id: true, latestVersion: true },
        orderBy: { createdAt: 'asc' },
      })
      const versions = flows.length
        ? await prisma.flowVersion.findMany({
            where: { OR: flows.map((f) => ({ flowId: f.id, version: f.latestVersion })) },
          })
        : []
      const candidates = versions
        .map((v) => runnable(v))
        .filter((c): c is EntryCandidate => !!c && triggerMatches(c.definition, input.event))
      // Most events start nothing: only then is the friend loaded (for the re-entry rule).
      if (!candidates.length) return { candidates, friend: null }
      return { candidates, friend: await snapshot(input.friendId) }
    },

    /** The latest published version of one flow, when it is active (for `startScenario`). */
    async loadLatestFlowVersion(input: {
      channelId: string
      flowId: string
    }): Promise<EntryCandidate | null> {
      const flow = await prisma.flow.findFirst({
        where: { id: input.flowId, channelId: input.channelId, status: 'active', latestVersion: { gt: 0 } },
      })
      if (!flow) return null
      const v = await prisma.flowVersion.findUnique({
        where: { flowId_version: { flowId: flow.id, version: flow.latestVersion } },
      })
      return v ? runnable(v) : null
    },

    /** Workflow IDs of the friend's runs that have not ended (optionally of one flow only). */
    async listActiveRuns(input: { friendId: string; flowId?: string }): Promise<string[]> {
      const runs = await prisma.scenarioRun.findMany({
        where: {
          friendId: input.friendId,
          status: { in: ['running', 'waiting'] },
          ...(input.flowId ? { flowId: input.flowId } : {}),
        },
        select: { workflowId: true },
        distinct: ['workflowId'],
      })
      return runs.map((r) => r.workflowId)
    },

    /** Creates the run row when the workflow starts (or marks an existing row running). Idempotent. */
    async beginRun(input: {
      runId: string
      channelId: string
      flowId: string
      version: number
      friendId: string
      workflowId: string
      temporalRunId: string
      trigger: unknown
      startedAt: number
    }): Promise<void> {
      await prisma.scenarioRun.upsert({
        where: { id: input.runId },
        update: { temporalRunId: input.temporalRunId, status: 'running' },
        create: {
          id: input.runId,
          channelId: input.channelId,
          flowId: input.flowId,
          version: input.version,
          friendId: input.friendId,
          workflowId: input.workflowId,
          temporalRunId: input.temporalRunId,
          status: 'running',
          trigger: input.trigger as object,
          startedAt: new Date(input.startedAt),
        },
      })
    },

    /**
     * Updates the run row and appends buffered trace entries (one transaction). Entries carry a
     * sequence number; a retried call does not write them twice.
     */
    async updateRun(input: {
      runId: string
      status: ScenarioRunStatus
      currentNodeId?: string | null
      nextFireAt?: number | null
      endReason?: string
      goal?: { name: string; value?: number }
      endedAt?: number
      /** The flow version the run now follows (after staff moved it to a newer one). */
      version?: number
      /** Entries with their sequence number within the run (first entry 0). */
      steps?: { seq: number; entry: TraceEntry }[]
    }): Promise<void> {
      const steps = input.steps ?? []
      await prisma.$transaction(async (tx) => {
        if (steps.length) {
          const done = await tx.runStep.count({ where: { runId: input.runId } })
          const fresh = steps.filter((s) => s.seq >= done)
          if (fresh.length) {
            await tx.runStep.createMany({
              data: fresh.map(({ entry }) => ({
                runId: input.runId,
                at: new Date(entry.at),
                event: entry.event,
                nodeId: entry.nodeId ?? null,
                data: JSON.parse(JSON.stringify(entry.data ?? {})) as object,
              })),
            })
          }
        }
        await tx.scenarioRun.update({
          where: { id: input.runId },
          data: {
            status: input.status,
            ...(input.currentNodeId !== undefined ? { currentNodeId: input.currentNodeId } : {}),
            ...(input.nextFireAt !== undefined
              ? { nextFireAt: input.nextFireAt === null ? null : new Date(input.nextFireAt) }
              : {}),
            ...(input.endReason ? { endReason: input.endReason } : {}),
            ...(input.goal ? { goal: input.goal } : {}),
            ...(input.endedAt ? { endedAt: new Date(input.endedAt) } : {}),
            ...(input.version !== undefined ? { version: input.version } : {}),
          },
        })
      })
    },

    /** Scenario sends to the friend in [from, to), from every scenario (frequency cap). */
    async countScenarioSends(input: { friendId: string; from: number; to: number }): Promise<number> {
      const sends = await prisma.message.findMany({
        where: {
          friendId: input.friendId,
          direction: 'outbound',
          origin: { startsWith: 'scenario:' },
          createdAt: { gte: new Date(input.from), lt: new Date(input.to) },
        },
        select: { retryKey: true },
        distinct: ['retryKey'],
      })
      return sends.length
    },

    /**
     * Applies the database actions (tags, fields, staff notification, attention flag); scenario
     * starts and stops are done by the workflow. Returns the tag IDs newly added, for tagAdded dispatch.
     */
    async applyFriendActions(input: {
      channelId: string
      friendId: string
      actions: FlowAction[]
      /** Drawn once in the workflow: a retried attempt writes the same notification rows, not new ones. */
      key: string
    }): Promise<ActionResult & { tagsAdded: string[] }> {
      const tagsAdded: string[] = []
      for (const [index, action] of input.actions.entries()) {
        if (action.kind === 'tags') {
          const known = await prisma.tag.findMany({
            where: { channelId: input.channelId, id: { in: [...action.add, ...action.remove] } },
            select: { id: true },
          })
          const ids = new Set(known.map((t) => t.id))
          const missing = [...action.add, ...action.remove].filter((t) => !ids.has(t))
          if (missing.length) return { ok: false, error: `unknown tag ${missing.join(', ')}`, tagsAdded }
          if (action.remove.length) {
            await prisma.friendTag.deleteMany({
              where: { friendId: input.friendId, tagId: { in: action.remove } },
            })
          }
          for (const tagId of action.add) {
            const created = await prisma.friendTag.createMany({
              data: [{ friendId: input.friendId, tagId }],
              skipDuplicates: true,
            })
            if (created.count) tagsAdded.push(tagId)
          }
        } else if (action.kind === 'fields') {
          const written: string[] = []
          for (const change of action.changes) {
            const field = await prisma.friendField.findUnique({
              where: { channelId_key: { channelId: input.channelId, key: change.key } },
            })
            if (!field) return { ok: false, error: `unknown field ${change.key}`, tagsAdded }
            const key = { friendId_fieldId: { friendId: input.friendId, fieldId: field.id } }
            if (change.op === 'clear') {
              await prisma.friendFieldValue.deleteMany({
                where: { friendId: input.friendId, fieldId: field.id },
              })
            } else {
              const value = field.type === 'number' ? Number(change.value) : change.value
              await prisma.friendFieldValue.upsert({
                where: key,
                update: { value },
                create: { friendId: input.friendId, fieldId: field.id, value },
              })
            }
            written.push(field.id)
          }
          // Reminder sets bound to a date field follow it (start, retarget or end).
          await syncFieldReminders(prisma, reminders, { friendId: input.friendId, fieldIds: written })
        } else if (action.kind === 'notifyStaff') {
          await prisma.staffNotification.createMany({
            data: [
              {
                id: `${input.key}-${index}`,
                channelId: input.channelId,
                friendId: input.friendId,
                message: action.message,
                email: action.email,
              },
            ],
            skipDuplicates: true,
          })
        } else if (action.kind === 'markAttention') {
          await prisma.friend.update({
            where: { id: input.friendId },
            data: { needsAttention: true, attentionNote: action.note },
          })
        }
      }
      return { ok: true, tagsAdded }
    },
  }
}
