import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client'
import type { lineEvent } from '../workflows/lineEvent'
import { lineEventWorkflowId, type LineEventInput } from '../workflows/lineEventInput'
import { ChannelIdKey } from '../workflows/searchAttributes'

/** LINE counts a webhook answered after 2 s as failed; the relay, with nobody waiting, may use most of that. */
export const RELAY_HANDOFF_DEADLINE_MS = 1_500

/**
 * Hands one event to Temporal durably. The workflow ID is the event's webhookEventId, so a
 * redelivered or duplicated event is the same workflow: already started counts as accepted.
 */
export async function handOffLineEvent(
  temporal: Client,
  taskQueue: string,
  input: LineEventInput,
  deadlineMs: number,
): Promise<void> {
  try {
    await temporal.withDeadline(Date.now() + deadlineMs, () =>
      temporal.workflow.start<typeof lineEvent>('lineEvent', {
        workflowId: lineEventWorkflowId(input.event.webhookEventId),
        taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: ChannelIdKey, value: input.channelId }],
      }),
    )
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return
    throw err
  }
}
