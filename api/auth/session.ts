import { createHash, randomBytes } from 'node:crypto'
import type { CookieSerializeOptions } from '@fastify/cookie'
import type { PrismaClient } from '../../prisma/client'
import type { StaffRole } from './roles'
import type { Env } from '../../stack/env'

export const sessionCookieName = 'enishi_session'

/** Sliding expiry: every use (at most once a minute) pushes the end 14 days out again. */
export const sessionLifetimeMs = 14 * 24 * 60 * 60 * 1000
const touchEveryMs = 60 * 1000

export interface SessionStaff {
  id: string
  name: string
  email: string
  role: StaffRole
}

/** What a request knows about its caller once the session cookie is checked. */
export interface AuthContext {
  sessionId: string
  csrfToken: string
  staff: SessionStaff
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null
  }
}

/** The database keeps only the SHA-256 of the cookie token: a leaked table opens no session. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function cookieOptions(env: Env): CookieSerializeOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: env.NODE_ENV === 'production',
    maxAge: sessionLifetimeMs / 1000,
  }
}

type SessionDb = Pick<PrismaClient, 'session'>

/** Opens a session; the caller sets `token` as the cookie and hands `csrfToken` to the studio. */
export async function createSession(
  db: SessionDb,
  staff: SessionStaff,
): Promise<{ token: string; auth: AuthContext }> {
  const token = randomBytes(32).toString('base64url')
  const csrfToken = randomBytes(32).toString('base64url')
  const id = sessionIdOf(token)
  await db.session.create({
    data: { id, staffId: staff.id, csrfToken, expiresAt: new Date(Date.now() + sessionLifetimeMs) },
  })
  return { token, auth: { sessionId: id, csrfToken, staff } }
}

/**
 * The live session for a cookie token, or null. `touched` tells the caller to re-send the
 * cookie, so the browser's expiry slides along with the database's.
 */
export async function findSession(
  db: SessionDb,
  token: string,
): Promise<{ auth: AuthContext; touched: boolean } | null> {
  const id = sessionIdOf(token)
  const row = await db.session.findUnique({
    where: { id },
    include: { staff: { select: { id: true, name: true, email: true, role: true } } },
  })
  if (!row) return null
  const now = Date.now()
  if (row.expiresAt.getTime() <= now) {
    await db.session.deleteMany({ where: { id } })
    return null
  }
  const touched = now - row.lastSeenAt.getTime() >= touchEveryMs
  if (touched) {
    // updateMany: a concurrent logout may have removed the row; that is not an error here.
    await db.session.updateMany({
      where: { id },
      data: { lastSeenAt: new Date(now), expiresAt: new Date(now + sessionLifetimeMs) },
    })
  }
  return { auth: { sessionId: id, csrfToken: row.csrfToken, staff: row.staff }, touched }
}

export async function deleteSession(db: SessionDb, sessionId: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId } })
}
