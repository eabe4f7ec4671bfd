import type { Client } from '@temporalio/client'

/** How long one successful answer vouches for Temporal. */
const FRESH_MS = 5_000
const PROBE_DEADLINE_MS = 1_000

export interface TemporalLiveness {
  /** Temporal just accepted something. */
  answered(): void
  /** True when Temporal answered recently; otherwise asks it (one probe at a time). */
  isAlive(): Promise<boolean>
}

/**
 * Tells a busy Temporal from an unreachable one. A hand-off that misses its deadline may be
 * queued in the outbox only while Temporal is known to be alive; when it is not, the webhook is
 * refused (503) and nothing is stored.
 */
export function temporalLiveness(temporal: Client): TemporalLiveness {
  let lastAnswer = Number.NEGATIVE_INFINITY
  let probing: Promise<boolean> | undefined
  const answered = () => {
    lastAnswer = Date.now()
  }
  const probe = async () => {
    try {
      await temporal.withDeadline(Date.now() + PROBE_DEADLINE_MS, () =>
        temporal.workflowService.getSystemInfo({}),
      )
      answered()
      return true
    } catch {
      return false
    } finally {
      probing = undefined
    }
  }
  return {
    answered,
    isAlive() {
      if (Date.now() - lastAnswer <= FRESH_MS) return Promise.resolve(true)
      probing ??= probe()
      return probing
    },
  }
}
