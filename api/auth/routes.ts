import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ApiError } from '../errors'
import { errorResponses } from '../schemas/common'
import { actorOf, authOf } from './guard'
import { prepareDummyHash } from './password'
import { loginBodySchema, setupBodySchema, signedInSchema, signedOutSchema, stateSchema } from './schemas'
import { authState, logIn, logOut, setUpOwner } from './service'
import { cookieOptions, sessionCookieName } from './session'

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
    async (request) => authState(prisma, request.auth, request.auth ? actorOf(request) : null),
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
      const { token, auth } = await setUpOwner(prisma, request.body, request.ip)
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
      const opened = await logIn(prisma, request.body, request.ip, request.auth)
      if ('retryAfter' in opened) {
        const { retryAfter } = opened
        reply.header('retry-after', String(retryAfter))
        throw new ApiError(429, 'too_many_attempts', `Too many failed sign-ins; retry in ${retryAfter} s`)
      }
      const { token, auth } = opened
      reply.setCookie(sessionCookieName, token, cookieOptions(env))
      return { staff: auth.staff, csrfToken: auth.csrfToken }
    },
  )

  app.post(
    '/auth/logout',
    {
      config: { policy: 'signedIn' },
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        response: { 204: signedOutSchema, ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await logOut(prisma, authOf(request), request.ip)
      reply.clearCookie(sessionCookieName, { path: '/' })
      return reply.code(204).send(null)
    },
  )
}
