import { randomUUID } from 'node:crypto'
import { Context } from '@temporalio/activity'
import { WorkflowNotFoundError, type Client } from '@temporalio/client'
import { reminderStepsSchema, targetFromFieldValue } from '../flow/reminder'
import type { PrismaClient, ReminderSet } from '../prisma/client'
import type { reminder } from '../workflows/reminder'
import {
  reminderSignals,
  reminderWorkflowId,
  type ReminderInput,
  type ReminderRunStatus,
  type RetargetArgs,
} from '../workflows/reminderInput'
import { ChannelIdKey, FriendIdKey } from '../workflows/searchAttributes'

/** One sent step on the run row (`ReminderRun.sentSteps`). */
export interface SentReminderStep {
  stepId: string
  /** Epoch ms the send was made. */
  at: number
  /** The target it was sent for. */
  target: number
  requestId?: string
  /** LINE refused the send (the run goes on with the next step). */
  error?: string
}

export interface ReminderStartRequest {
  set: Pick<ReminderSet, 'id' | 'name' | 'steps'>
  friend: { id: string; channelId: string; lineUserId: string }
  timezone: string
  target: number
  origin: string
}

/**
 * Starts the friend's reminder of a set, or retargets it when it is already running: Temporal's
 * signal-with-start on the workflow ID `reminder-<setId>-<friendId>`, so a date-field change and a
 * manual start can never run two reminders of one set for one friend. A new run gets the set as it
 * is now; a running one keeps its snapshot and only moves its target.
 */
export async function startOrRetargetReminder(
  temporal: Client,
  taskQueue: string,
  request: ReminderStartRequest,
): Promise<{ workflowId: string }> {
  const { set, friend } = request
  const workflowId = reminderWorkflowId(set.id, friend.id)
  const input: ReminderInput = {
    runId: randomUUID(),
    channelId: friend.channelId,
    friendId: friend.id,
    lineUserId: friend.lineUserId,
    timezone: request.timezone,
    set: { id: set.id, name: set.name, steps: reminderStepsSchema.parse(set.steps) },
    target: request.target,
    origin: request.origin,
  }
  await temporal.workflow.signalWithStart<typeof reminder, [RetargetArgs]>('reminder', {
    workflowId,
    taskQueue,
    args: [input],
    signal: reminderSignals.retarget,
    signalArgs: [{ target: request.target }],
    typedSearchAttributes: [
      { key: ChannelIdKey, value: friend.channelId },
      { key: FriendIdKey, value: friend.id },
    ],
  })
  return { workflowId }
}

/** Signals a running reminder; returns false when there is none (closed or never started). */
export async function signalReminder(
  temporal: Client,
  workflowId: string,
  signal: keyof typeof reminderSignals,
  arg: RetargetArgs | { by?: string },
): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(workflowId).signal(reminderSignals[signal], arg)
    return true
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false
    throw err
  }
}

/**
 * After an activity wrote friend fields: every set bound to one of them follows the new value.
 * Active sets start or retarget the friend's reminder; paused and archived sets only retarget a
 * running one; a cleared (or unusable) value ends it. Idempotent, so activity retries are safe:
 * retargeting to the same value only replans. Uses the worker's client and the activity's queue.
 */
export async function syncFieldReminders(
  prisma: PrismaClient,
  input: { friendId: string; fieldIds: string[] },
): Promise<void> {
  if (!input.fieldIds.length) return
  const sets = await prisma.reminderSet.findMany({
    where: { targetSource: 'field', targetFieldId: { in: input.fieldIds } },
    include: { field: { select: { type: true } } },
  })
  if (!sets.length) return
  const { client: temporal, info } = Context.current()
  const friend = await prisma.friend.findUniqueOrThrow({
    where: { id: input.friendId },
    include: {
      channel: { select: { timezone: true } },
      fields: { where: { fieldId: { in: input.fieldIds } } },
    },
  })
  for (const set of sets) {
    if (!set.field || !set.targetFieldId) continue
    const value = friend.fields.find((f) => f.fieldId === set.targetFieldId)?.value
    const target = targetFromFieldValue(set.field.type, value, friend.channel.timezone)
    const workflowId = reminderWorkflowId(set.id, friend.id)
    if (target === null) await signalReminder(temporal, workflowId, 'retarget', { target: null })
    else if (set.status === 'active') {
      await startOrRetargetReminder(temporal, info.taskQueue, {
        set,
        friend,
        timezone: friend.channel.timezone,
        target,
        origin: `field:${set.targetFieldId}`,
      })
    } else await signalReminder(temporal, workflowId, 'retarget', { target })
  }
}

/** The `reminder` workflow's database steps (local activities: short writes). */
export function reminderActivities(prisma: PrismaClient) {
  const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as object

  return {
    /** Creates the run row when the workflow starts. Idempotent. */
    async beginReminderRun(input: {
      runId: string
      channelId: string
      setId: string
      friendId: string
      workflowId: string
      temporalRunId: string
      target: number
      origin: string
      startedAt: number
    }): Promise<void> {
      await prisma.reminderRun.upsert({
        where: { id: input.runId },
        update: { temporalRunId: input.temporalRunId },
        create: {
          id: input.runId,
          channelId: input.channelId,
          setId: input.setId,
          friendId: input.friendId,
          workflowId: input.workflowId,
          temporalRunId: input.temporalRunId,
          status: 'scheduled',
          target: new Date(input.target),
          origin: input.origin,
          startedAt: new Date(input.startedAt),
        },
      })
    },

    /** Workflow IDs of the friend's scheduled reminders (an unfollow ends them). */
    async listActiveReminderRuns(input: { friendId: string }): Promise<string[]> {
      const runs = await prisma.reminderRun.findMany({
        where: { friendId: input.friendId, status: 'scheduled' },
        select: { workflowId: true },
        distinct: ['workflowId'],
      })
      return runs.map((r) => r.workflowId)
    },

    /** Writes the run's state: target, next fire time, sent and skipped steps, and its end. */
    async updateReminderRun(input: {
      runId: string
      status: ReminderRunStatus
      target: number
      nextFireAt: number | null
      sent: SentReminderStep[]
      skipped: string[]
      endReason?: string
      endedAt?: number
    }): Promise<void> {
      await prisma.reminderRun.update({
        where: { id: input.runId },
        data: {
          status: input.status,
          target: new Date(input.target),
          nextFireAt: input.nextFireAt === null ? null : new Date(input.nextFireAt),
          sentSteps: json(input.sent),
          skippedSteps: json(input.skipped),
          ...(input.endReason ? { endReason: input.endReason } : {}),
          ...(input.endedAt ? { endedAt: new Date(input.endedAt) } : {}),
        },
      })
    },
  }
}
