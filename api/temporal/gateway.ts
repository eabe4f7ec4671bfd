import { randomUUID } from 'node:crypto'
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client'
import type { SignalDefinition } from '@temporalio/common'
import type { FastifyBaseLogger } from 'fastify'
import { reminderStepsSchema } from '../../flow/reminder'
import {
  lineEventWorkflowId,
  type LineEventInput,
  type LineEventWorkflow,
} from '../../workflows/contracts/lineEvent'
import {
  reminderSignals,
  reminderWorkflowId,
  type ReminderInput,
  type ReminderScheduler,
  type ReminderWorkflow,
  type RetargetArgs,
} from '../../workflows/contracts/reminder'
import { scenarioSignals, type ScenarioSignal } from '../../workflows/contracts/scenario'
import { ChannelIdKey, FriendIdKey } from '../../workflows/contracts/searchAttributes'
import type { SignalArgs } from '../../workflows/contracts/signals'
import { ApiError } from '../errors'

/**
 * Every workflow start and signal from outside Temporal goes through here (the API, and activities
 * through the ports they are given), typed by workflows/contracts.
 */
export interface TemporalGateway extends ReminderScheduler {
  /**
   * Hands one webhook event to Temporal durably. The workflow ID is the event's webhookEventId, so a
   * redelivered or duplicated event is the same workflow: already started counts as accepted.
   */
  startLineEvent(input: LineEventInput, deadlineMs: number): Promise<void>
  /** Signals a scenario run; false when its workflow no longer exists (nothing will end that run). */
  signalScenarioRun<K extends ScenarioSignal>(
    workflowId: string,
    signal: K,
    ...args: SignalArgs<(typeof scenarioSignals)[K]>
  ): Promise<boolean>
}

export interface GatewayOptions {
  /** What a failed call throws instead of the client's error (the API answers 503 with it). */
  failure?: (err: unknown, call: { op: string; workflowId: string }) => unknown
}

export function temporalGateway(
  client: Client,
  taskQueue: string,
  { failure = (err) => err }: GatewayOptions = {},
): TemporalGateway {
  /** Signals by workflow ID (the typed methods check the arguments); false when the workflow is gone. */
  async function signal(
    workflowId: string,
    definition: SignalDefinition<unknown[]>,
    args: unknown[],
  ): Promise<boolean> {
    try {
      await client.workflow.getHandle(workflowId).signal(definition, ...args)
      return true
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false
      throw failure(err, { op: `signal ${definition.name}`, workflowId })
    }
  }

  return {
    async startLineEvent(input, deadlineMs) {
      const workflowId = lineEventWorkflowId(input.event.webhookEventId)
      try {
        await client.withDeadline(Date.now() + deadlineMs, () =>
          client.workflow.start<LineEventWorkflow>('lineEvent', {
            workflowId,
            taskQueue,
            args: [input],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            workflowIdConflictPolicy: 'USE_EXISTING',
            typedSearchAttributes: [{ key: ChannelIdKey, value: input.channelId }],
          }),
        )
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return
        throw failure(err, { op: 'start lineEvent', workflowId })
      }
    },

    signalScenarioRun: (workflowId, name, ...args) => signal(workflowId, scenarioSignals[name], args),

    signalReminder: (workflowId, name, ...args) => signal(workflowId, reminderSignals[name], args),

    async startOrRetargetReminder({ set, friend, timezone, target, origin }) {
      const workflowId = reminderWorkflowId(set.id, friend.id)
      const input: ReminderInput = {
        runId: randomUUID(),
        channelId: friend.channelId,
        friendId: friend.id,
        lineUserId: friend.lineUserId,
        timezone,
        set: { id: set.id, name: set.name, steps: reminderStepsSchema.parse(set.steps) },
        target,
        origin,
      }
      try {
        await client.workflow.signalWithStart<ReminderWorkflow, [RetargetArgs]>('reminder', {
          workflowId,
          taskQueue,
          args: [input],
          signal: reminderSignals.retarget,
          signalArgs: [{ target }],
          typedSearchAttributes: [
            { key: ChannelIdKey, value: friend.channelId },
            { key: FriendIdKey, value: friend.id },
          ],
        })
      } catch (err) {
        throw failure(err, { op: 'signalWithStart reminder', workflowId })
      }
      return { workflowId }
    },
  }
}

/** The gateway routes use: a failed call is logged and answers 503, for the caller to retry. */
export function apiTemporalGateway(
  client: Client,
  taskQueue: string,
  log: FastifyBaseLogger,
): TemporalGateway {
  return temporalGateway(client, taskQueue, {
    failure(err, call) {
      log.warn({ err, ...call }, 'workflow call failed')
      return new ApiError(503, 'temporal_unavailable', 'Could not reach the workflow service; try again')
    },
  })
}
