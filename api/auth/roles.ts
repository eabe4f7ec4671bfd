import type { onRequestAsyncHookHandler } from 'fastify'
import type { StaffRole } from '../../prisma/client'
import { ApiError } from '../errors'
import { authOf } from './guard'

/** owner; admin = 副管理者; manager = 運用者; member = 一般 (only what is granted). */
export const staffRoles = ['owner', 'admin', 'manager', 'member'] as const satisfies readonly StaffRole[]

export type { StaffRole }

/** Who may change message settings (greeting, scenarios, ...): everyone but 一般. */
export const messageEditors = ['owner', 'admin', 'manager'] as const satisfies readonly StaffRole[]

/** Who may see staff-level records such as the audit log. */
export const administrators = ['owner', 'admin'] as const satisfies readonly StaffRole[]

/**
 * A route hook refusing staff whose role is not listed (403 `forbidden`). It runs at onRequest,
 * before body validation, so a refused caller learns nothing about what the route accepts.
 * The session hook has already answered 401 for anonymous callers on protected routes.
 */
export function requireRole(...roles: readonly StaffRole[]): onRequestAsyncHookHandler {
  return async (request) => {
    if (!roles.includes(authOf(request).staff.role)) {
      throw new ApiError(403, 'forbidden', 'Your role does not allow this')
    }
  }
}
