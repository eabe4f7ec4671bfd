import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow'
import type { SendResult } from '../flow/context'

/** LINE's refusal of a send: the message, LINE's HTTP status and error code when it gave them. */
export type LineRefusal = NonNullable<SendResult['error']>

/**
 * Decodes a failed send activity. A send fails for good (non-retryable) only when LINE refused it,
 * which the workflow records and goes on from; anything else (retries exhausted, cancellation) is
 * rethrown for the workflow to fail or handle as before.
 */
export function lineRefusal(err: unknown): LineRefusal {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
    const details = (err.cause.details?.[0] ?? {}) as { status?: number }
    return {
      message: err.cause.message,
      ...(details.status ? { status: details.status } : {}),
      ...(err.cause.type ? { code: err.cause.type } : {}),
    }
  }
  throw err
}
