import { z } from 'zod'

/** Schemas of the health routes (outside /api: no session, for load balancers and probes). */

export const livenessSchema = z.object({ ok: z.literal(true) })

const checkSchema = z.object({ ok: z.boolean(), detail: z.string().optional() })
export const readinessSchema = z.object({
  ok: z.boolean(),
  checks: z.object({ database: checkSchema, temporal: checkSchema, worker: checkSchema }),
})
export type Check = z.infer<typeof checkSchema>
