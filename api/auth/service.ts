import type { PrismaClient } from '../../prisma/client'
import { audit, staffAction } from '../audit/log'
import { ApiError } from '../errors'
import { abilitiesOf, type Actor } from '../policy'
import { loginRetryAfter, recordLoginAttempt } from './loginThrottle'
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password'
import type { LoginBody, SetupBody } from './schemas'
import { createSession, deleteSession, type AuthContext } from './session'

/** Any fixed number: serialises concurrent first-run setups so exactly one owner is created. */
const SETUP_LOCK = 41_2002

const alreadySetUp = () => new ApiError(409, 'already_set_up', 'Enishi is already set up; sign in instead')

/** A new session: the route sets `token` as the cookie and answers `auth`'s staff and CSRF token. */
type Opened = { token: string; auth: AuthContext }

/** Whether setup is needed, and who is signed in with what they may do. */
export async function authState(prisma: PrismaClient, auth: AuthContext | null, actor: Actor | null) {
  const needsSetup = (await prisma.staff.findFirst({ select: { id: true } })) === null
  return {
    needsSetup,
    staff: auth?.staff ?? null,
    csrfToken: auth?.csrfToken ?? null,
    abilities: actor ? abilitiesOf(actor) : null,
  }
}

/** Creates the owner account and signs it in; 409 once anyone exists. */
export async function setUpOwner(prisma: PrismaClient, body: SetupBody, ip: string): Promise<Opened> {
  const { name, email, password } = body
  // Cheap refusal first; the check that counts is repeated under the lock below.
  if (await prisma.staff.findFirst({ select: { id: true } })) throw alreadySetUp()
  const passwordHash = await hashPassword(password)
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`
    if (await tx.staff.findFirst({ select: { id: true } })) throw alreadySetUp()
    const staff = await tx.staff.create({
      data: { name, email, passwordHash, role: 'owner' },
      select: { id: true, name: true, email: true, role: true },
    })
    // Not a staffAction: the actor is created in this very transaction.
    await audit(tx, {
      actorType: 'staff',
      actorId: staff.id,
      action: 'owner.setup',
      target: `staff:${staff.id}`,
      details: { name, email },
      ip,
    })
    return createSession(tx, staff)
  })
}

/**
 * Checks e-mail and password (throttled, api/auth/loginThrottle.ts) and opens a session, replacing
 * `previous`; `{ retryAfter }` (seconds) when this attempt is refused unchecked.
 */
export async function logIn(
  prisma: PrismaClient,
  body: LoginBody,
  ip: string,
  previous: AuthContext | null,
): Promise<Opened | { retryAfter: number }> {
  const { email, password } = body
  const retryAfter = await loginRetryAfter(prisma, email, ip)
  if (retryAfter !== null) {
    await audit(prisma, {
      actorType: 'staff',
      action: 'auth.login_failed',
      details: { email, reason: 'rate_limited' },
      ip,
    })
    return { retryAfter }
  }

  const staff = await prisma.staff.findUnique({ where: { email } })
  // Unknown e-mail or not, the same scrypt time is spent and the same answer given.
  const ok = staff ? await verifyPassword(password, staff.passwordHash) : await verifyAgainstDummy(password)
  await recordLoginAttempt(prisma, email, ip, ok)
  if (!staff || !ok) {
    await audit(prisma, {
      actorType: 'staff',
      actorId: staff?.id ?? null,
      action: 'auth.login_failed',
      details: { email, reason: 'invalid_credentials' },
      ip,
    })
    throw new ApiError(401, 'invalid_credentials', 'E-mail or password is wrong')
  }

  // A session the browser may still hold is replaced, never reused.
  if (previous) await deleteSession(prisma, previous.sessionId)
  const profile = { id: staff.id, name: staff.name, email: staff.email, role: staff.role }
  return staffAction({ prisma, actor: staff, ip }, 'auth.login', async (tx) => ({
    result: await createSession(tx, profile),
    target: `staff:${staff.id}`,
  }))
}

export async function logOut(prisma: PrismaClient, auth: AuthContext, ip: string): Promise<void> {
  const { sessionId, staff } = auth
  await staffAction({ prisma, actor: staff, ip }, 'auth.logout', async (tx) => {
    await deleteSession(tx, sessionId)
    return { result: undefined, target: `staff:${staff.id}` }
  })
}
