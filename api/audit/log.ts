import type { Prisma, PrismaClient } from '../../prisma/client'

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

/** What a staff action did, for its audit row. */
export interface ActionRecord<T> {
  result: T
  /** What was acted on, e.g. `tag:<id>`. */
  target: string
  details?: Prisma.InputJsonValue
}

/**
 * One staff action: the change and its audit row in one transaction, so nothing changes
 * unrecorded and no record describes a change that rolled back.
 */
export async function staffAction<T>(
  ctx: { prisma: PrismaClient; actor: { id: string }; ip: string },
  action: string,
  change: (tx: Prisma.TransactionClient) => Promise<ActionRecord<T>>,
): Promise<T> {
  return ctx.prisma.$transaction(async (tx) => {
    const done = await change(tx)
    await audit(tx, {
      actorType: 'staff',
      actorId: ctx.actor.id,
      action,
      target: done.target,
      details: done.details,
      ip: ctx.ip,
    })
    return done.result
  })
}
