import { z } from 'zod'
import { pageOf } from '../schemas/common'

/** Schemas of the audit-log route. */

const auditEntrySchema = z.object({
  /** A BigInt in the database; a string here so JSON never rounds it. */
  id: z.string(),
  at: z.date(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.unknown(),
  ip: z.string().nullable(),
})
export const auditPageSchema = pageOf(auditEntrySchema)
