import { WorkflowExecutionAlreadyStartedError, isGrpcServiceError, type Client } from '@temporalio/client'
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

/**
 * gRPC codes of a Temporal that is there but could not take the work now: out of time, throttled,
 * unavailable for a moment (CANCELLED 1, DEADLINE_EXCEEDED 4, RESOURCE_EXHAUSTED 8, ABORTED 10,
 * UNAVAILABLE 14). Whether it is there at all is the liveness check's call.
 */
const TRANSIENT_GRPC_CODES = new Set([1, 4, 8, 10, 14])

/** A hand-off that failed for a reason that may pass, as opposed to a request Temporal rejects. */
export function isTemporalBusy(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (isGrpcServiceError(e) && TRANSIENT_GRPC_CODES.has(e.code)) return true
  }
  return false
}
