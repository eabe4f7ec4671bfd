import {
  CancellationScope,
  condition,
  isCancellation,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow'
import type { MainActivities, SendActivities } from '../activities'
import { friendValues } from '../flow/friend'
import type { ScenarioMessage } from '../flow/lineMessage'
import { planReminder, type ScheduledStep } from '../flow/reminderPlan'
import { renderMessages } from '../flow/render'
import { workflowNow } from './clock'
import {
  reminderScheduleQuery,
  reminderSignals,
  type ReminderEndReason,
  type ReminderInput,
  type ReminderOutcome,
  type ReminderRunStatus,
  type SentReminderStep,
} from './contracts/reminder'
import { lineRefusal } from './lineRefusal'
import { dbSteps as acts, lineSends } from './proxies'

/**
 * One friend's reminders of one set (workflow ID `reminder-<setId>-<friendId>`): sleeps until each
 * step's time before/after the target and sends its messages. `retarget` moves the target (steps
 * already sent are not resent, steps now in the past are skipped) or, with null, ends the run.
 */
export async function reminder(input: ReminderInput): Promise<ReminderOutcome> {
  const { runId, channelId, friendId, lineUserId, timezone, set } = input
  const info = workflowInfo()
  const send = lineSends()

  let target = input.target
  let retargeted = false
  let end: ReminderEndReason | null = null
  let status: ReminderRunStatus = 'scheduled'
  const sent: SentReminderStep[] = []
  let due: ScheduledStep[] = []
  let skipped: string[] = []

  function replan() {
    const plan = planReminder({
      steps: set.steps,
      target,
      timeZone: timezone,
      now: workflowNow(),
      sent: sent.map((s) => s.stepId),
    })
    due = plan.due
    skipped = plan.skipped.map((s) => s.stepId)
  }

  setHandler(reminderSignals.retarget, (args) => {
    if (args.target === null) end ??= 'cleared'
    else {
      target = args.target
      retargeted = true
    }
  })
  setHandler(reminderSignals.cancel, () => {
    end ??= 'stopped'
  })
  setHandler(reminderSignals.blocked, () => {
    end ??= 'blocked'
  })
  setHandler(reminderScheduleQuery, () => ({
    status,
    target: end === 'cleared' ? null : target,
    upcoming: status === 'scheduled' ? due : [],
    sent: sent.map((s) => s.stepId),
    skipped,
  }))

  const save = (update: Partial<Parameters<MainActivities['updateReminderRun']>[0]> = {}) =>
    acts.updateReminderRun({
      runId,
      status,
      target,
      nextFireAt: status === 'scheduled' ? (due[0]?.at ?? null) : null,
      sent,
      skipped,
      ...update,
    })

  replan()
  await acts.beginReminderRun({
    runId,
    channelId,
    setId: set.id,
    friendId,
    workflowId: info.workflowId,
    temporalRunId: info.runId,
    target,
    origin: input.origin,
    startedAt: workflowNow(),
  })

  try {
    while (end === null) {
      if (retargeted) {
        retargeted = false
        replan()
      }
      const next = due[0]
      if (!next) break
      await save()
      const ms = next.at - workflowNow()
      // A signal wakes the sleep: the loop then replans (retarget) or ends (cleared / cancelled).
      if (ms > 0 && (await condition(() => end !== null || retargeted, ms))) continue

      const friend = await acts.loadFriendSnapshot({ friendId })
      if (friend.blocked) {
        end = 'blocked'
        break
      }
      const step = set.steps[next.index]!
      const messages = renderMessages<ScenarioMessage>(step.messages, friendValues(friend, timezone))
      const record: SentReminderStep = { stepId: step.id, at: workflowNow(), target }
      try {
        const result = await send.sendToFriend({
          channelId,
          friendId,
          lineUserId,
          messages: messages as Parameters<SendActivities['sendToFriend']>[0]['messages'],
          retryKey: uuid4(),
          origin: `reminder:${set.id}:${step.id}`,
        })
        if (result.requestId) record.requestId = result.requestId
      } catch (err) {
        record.error = lineRefusal(err).message
      }
      sent.push(record)
      due = due.filter((s) => s.stepId !== step.id)
    }
  } catch (err) {
    if (isCancellation(err)) {
      // Cancelled through Temporal itself (not a signal): still record the end.
      await CancellationScope.nonCancellable(async () => {
        status = 'cancelled'
        await save({ endReason: 'stopped', endedAt: workflowNow() })
      })
    }
    throw err
  }

  const endReason = end ?? 'completed'
  status = endReason === 'completed' ? 'completed' : 'cancelled'
  await save({ endReason, endedAt: workflowNow() })
  return { status, endReason, sent: sent.map((s) => s.stepId) }
}
