import type { PrismaClient } from '../../prisma/client'

/** A page of the audit log (every channel's and the system's entries), newest first. */
export async function listAuditEntries(prisma: PrismaClient, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    prisma.auditLog.findMany({ orderBy: { id: 'desc' }, skip: (page - 1) * pageSize, take: pageSize }),
    prisma.auditLog.count(),
  ])
  return { items: rows.map((row) => ({ ...row, id: row.id.toString() })), total, page, pageSize }
}
