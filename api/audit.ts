import type { Prisma, PrismaClient } from '../prisma/client'

export type AuditActorType = 'staff' | 'system' | 'line'

export interface AuditEntry {
  actorType: AuditActorType
  /** Staff ID for staff, LINE user ID for line, a component name for system. */
  actorId?: string | null
  /** `<subject>.<verb>`, e.g. `owner.setup`, `auth.login_failed`, `greeting.update`. */
  action: string
  /** What was acted on, e.g. `staff:<id>` or `channel:<id>`. */
  target?: string | null
  /** Free-form JSON; for changes `{ before, after }`. Never secrets (passwords, tokens). */
  details?: Prisma.InputJsonValue
  ip?: string | null
}

/** The client or an interactive transaction: audit inside the transaction that makes the change. */
export type AuditDb = Pick<PrismaClient, 'auditLog'> | Prisma.TransactionClient

/**
 * The one way anything appends to the audit log. The table refuses UPDATE and DELETE
 * (a trigger in the migration), so an entry, once written, is the record.
 */
export async function audit(db: AuditDb, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorType: entry.actorType,
      actorId: entry.actorId ?? null,
      action: entry.action,
      target: entry.target ?? null,
      details: entry.details ?? {},
      ip: entry.ip ?? null,
    },
  })
}
