import type { StaffRole } from '../../prisma/client'

/** owner; admin = 副管理者; manager = 運用者; member = 一般 (only what is granted). What each may do: api/policy. */
export const staffRoles = ['owner', 'admin', 'manager', 'member'] as const satisfies readonly StaffRole[]

export type { StaffRole }
