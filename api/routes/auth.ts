import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { audit } from '../audit'
import { loginRetryAfter, recordLoginAttempt } from '../auth/loginThrottle'
import { authOf } from '../auth/guard'
import { hashPassword, prepareDummyHash, verifyAgainstDummy, verifyPassword } from '../auth/password'
import { cookieOptions, createSession, deleteSession, sessionCookieName } from '../auth/session'
import { ApiError } from '../errors'
import { errorResponses, staffSchema } from '../schemas/common'

/** Any fixed number: serialises concurrent first-run setups so exactly one owner is created. */
const SETUP_LOCK = 41_2002

// E-mail addresses are compared case-insensitively: stored and looked up lower-cased.
const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254))

const alreadySetUp = () => new ApiError(409, 'already_set_up', 'Enishi is already set up; sign in instead')

const signedInSchema = z.object({ staff: staffSchema, csrfToken: z.string() })

const stateSchema = z.object({
  needsSetup: z.boolean(),
  staff: staffSchema.nullable(),
  csrfToken: z.string().nullable(),
})

const setupBodySchema = z.object({
  name: z.string().trim().min(1).max(50),
  email: emailSchema,
  // Upper bound: scrypt time grows with input, and nobody types 1,024 characters.
  password: z.string().min(10).max(1024),
})

const loginBodySchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(1024),
})

/**
 * Sign-up of the first owner, login, logout and the session state the studio starts from.
 * Setup and login accept JSON only (Fastify parses no form encodings), so a cross-site HTML
 * form cannot submit them; that is why they may skip the CSRF header.
 */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma, env } = app.deps
  app.addHook('onReady', async () => {
    await prepareDummyHash()
  })

  app.get(
    '/auth/state',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Whether setup is needed, and who is signed in',
        response: { 200: stateSchema },
      },
    },
    async (request) => {
      const needsSetup = (await prisma.staff.findFirst({ select: { id: true } })) === null
      return {
        needsSetup,
        staff: request.auth?.staff ?? null,
        csrfToken: request.auth?.csrfToken ?? null,
      }
    },
  )

  app.post(
    '/auth/setup',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Create the owner account (first run only)',
        body: setupBodySchema,
        response: { 201: signedInSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const { name, email, password } = request.body
      // Cheap refusal first; the check that counts is repeated under the lock below.
      if (await prisma.staff.findFirst({ select: { id: true } })) throw alreadySetUp()
      const passwordHash = await hashPassword(password)
      const { token, auth } = await prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`
        if (await tx.staff.findFirst({ select: { id: true } })) throw alreadySetUp()
        const staff = await tx.staff.create({
          data: { name, email, passwordHash, role: 'owner' },
          select: { id: true, name: true, email: true, role: true },
        })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'owner.setup',
          target: `staff:${staff.id}`,
          details: { name, email },
          ip: request.ip,
        })
        return createSession(tx, staff)
      })
      reply.setCookie(sessionCookieName, token, cookieOptions(env))
      return reply.code(201).send({ staff: auth.staff, csrfToken: auth.csrfToken })
    },
  )

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        body: loginBodySchema,
        response: { 200: signedInSchema, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body
      const ip = request.ip
      const retryAfter = await loginRetryAfter(prisma, email, ip)
      if (retryAfter !== null) {
        await audit(prisma, {
          actorType: 'staff',
          action: 'auth.login_failed',
          details: { email, reason: 'rate_limited' },
          ip,
        })
        reply.header('retry-after', String(retryAfter))
        throw new ApiError(429, 'too_many_attempts', `Too many failed sign-ins; retry in ${retryAfter} s`)
      }

      const staff = await prisma.staff.findUnique({ where: { email } })
      // Unknown e-mail or not, the same scrypt time is spent and the same answer given.
      const ok = staff
        ? await verifyPassword(password, staff.passwordHash)
        : await verifyAgainstDummy(password)
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
      if (request.auth) await deleteSession(prisma, request.auth.sessionId)
      const profile = { id: staff.id, name: staff.name, email: staff.email, role: staff.role }
      const { token, auth } = await createSession(prisma, profile)
      await audit(prisma, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'auth.login',
        target: `staff:${staff.id}`,
        ip,
      })
      reply.setCookie(sessionCookieName, token, cookieOptions(env))
      return { staff: auth.staff, csrfToken: auth.csrfToken }
    },
  )

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: z.null().describe('Signed out'), ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const { sessionId, staff } = authOf(request)
      await deleteSession(prisma, sessionId)
      await audit(prisma, {
        actorType: 'staff',
        actorId: staff.id,
        action: 'auth.logout',
        target: `staff:${staff.id}`,
        ip: request.ip,
      })
      reply.clearCookie(sessionCookieName, { path: '/' })
      return reply.code(204).send(null)
    },
  )
}
