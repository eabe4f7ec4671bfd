import { z } from 'zod'
import { ENDPOINTS } from './limits/endpoints'

export const faultInputSchema = z
  .object({
    /** An endpoint name (`push`, `multicast`, ...) or `*` for every Messaging API endpoint. */
    endpoint: z.union([z.enum(ENDPOINTS), z.literal('*')]).default('*'),
    errorRate: z.number().min(0).max(1).default(0),
    status: z.number().int().min(400).max(599).default(500),
    latencyMs: z.number().int().min(0).max(600_000).default(0),
    /** Every matching request fails with `status` for this long (sim clock) from now. */
    outageMs: z.number().int().min(0).optional(),
    /** Fail only the next `count` matching requests (then the rule stops failing; latency stays). */
    count: z.number().int().min(1).optional(),
    /**
     * 'before' (default): the request fails before LINE does anything; nothing is sent and a retry key is
     * not consumed. 'after': LINE does the work but the answer is lost (the case retry keys exist for).
     */
    phase: z.enum(['before', 'after']).default('before'),
  })
  .strict()

export type FaultInput = z.input<typeof faultInputSchema>

export interface FaultRule {
  endpoint: string
  errorRate: number
  status: number
  latencyMs: number
  outageUntil: number | null
  remaining: number | null
  phase: 'before' | 'after'
}

export interface FaultDecision {
  latencyMs: number
  failure: { status: number; phase: 'before' | 'after' } | null
}

/** Fault rules for the Messaging API, one per endpoint name (`*` for all); kept in memory only. */
export class FaultInjector {
  private readonly rules = new Map<string, FaultRule>()

  /** Sets (replaces) the rule for `input.endpoint`. */
  set(input: z.output<typeof faultInputSchema>, now: number): FaultRule {
    const rule: FaultRule = {
      endpoint: input.endpoint,
      errorRate: input.errorRate,
      status: input.status,
      latencyMs: input.latencyMs,
      outageUntil: input.outageMs === undefined ? null : now + input.outageMs,
      remaining: input.count ?? null,
      phase: input.phase,
    }
    this.rules.set(rule.endpoint, rule)
    return rule
  }

  clear(endpoint?: string): void {
    if (endpoint === undefined) this.rules.clear()
    else this.rules.delete(endpoint)
  }

  list(): FaultRule[] {
    return [...this.rules.values()]
  }

  /**
   * The endpoint's own rule and the `*` rule both apply: the larger latency wins and the first rule
   * that fails (the specific one first) decides the status.
   */
  decide(endpoint: string, now: number, random: () => number): FaultDecision {
    const rules = [this.rules.get(endpoint), this.rules.get('*')].filter((r): r is FaultRule => !!r)
    let latencyMs = 0
    let failure: FaultDecision['failure'] = null
    for (const rule of rules) {
      latencyMs = Math.max(latencyMs, rule.latencyMs)
      if (failure || rule.remaining === 0) continue
      const inOutage = rule.outageUntil !== null && now < rule.outageUntil
      if (inOutage || (rule.errorRate > 0 && random() < rule.errorRate)) {
        failure = { status: rule.status, phase: rule.phase }
        if (rule.remaining !== null) rule.remaining--
      }
    }
    return { latencyMs, failure }
  }
}
