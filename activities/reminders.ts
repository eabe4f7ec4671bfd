import { targetFromFieldValue } from '../flow/reminder'
import type { PrismaClient } from '../prisma/client'
import {
  reminderWorkflowId,
  type ReminderRunStatus,
  type ReminderScheduler,
  type SentReminderStep,
} from '../workflows/contracts/reminder'

/**
 * After an activity wrote friend fields: every set bound to one of them follows the new value.
 * Active sets start or retarget the friend's reminder; paused and archived sets only retarget a
 * running one; a cleared (or unusable) value ends it. Idempotent, so activity retries are safe:
 * retargeting to the same value only replans.
 */
export async function syncFieldReminders(
  prisma: PrismaClient,
  reminders: ReminderScheduler,
  input: { friendId: string; fieldIds: string[] },
): Promise<void> {
  if (!input.fieldIds.length) return
  const sets = await prisma.reminderSet.findMany({
    where: { targetSource: 'field', targetFieldId: { in: input.fieldIds } },
    include: { field: { select: { type: true } } },
  })
  if (!sets.length) return
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
    if (target === null) await reminders.signalReminder(workflowId, 'retarget', { target: null })
    else if (set.status === 'active') {
      await reminders.startOrRetargetReminder({
        set,
        friend,
        timezone: friend.channel.timezone,
        target,
        origin: `field:${set.targetFieldId}`,
      })
    } else await reminders.signalReminder(workflowId, 'retarget', { target })
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
