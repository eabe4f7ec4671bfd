import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ApiError } from '../errors'
import { can, type Actor } from '../policy'
import type { RoutePolicy } from '../policy/context'
import { cookieOptions, findSession, sessionCookieName, type AuthContext } from './session'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a session and without a CSRF token (only setup, login, auth state). */
    public?: boolean
    /** What the caller must be allowed (api/policy): an action, or just being signed in. */
    policy?: RoutePolicy
  }
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function sameToken(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Resolves the session cookie on every request of the plugin it is registered in, and refuses
 * what is not allowed before anything else runs: protected routes are closed by default (a route
 * opens itself with `config: { public: true }`), and a route without a policy entry does not
 * even register, so a forgotten check cannot expose one. The policy runs at onRequest, before
 * body validation, so a refused caller learns nothing about what the route accepts.
 * SameSite=Lax already keeps other sites' POSTs cookie-less; the per-session `x-csrf-token`
 * header also covers same-site attackers (e.g. another app on a sibling subdomain).
 */
export function registerSessionGuard(app: FastifyInstance): void {
  const { prisma, env } = app.deps
  app.addHook('onRoute', (route) => {
    const config = route.config as { public?: boolean; policy?: RoutePolicy } | undefined
    if (!config?.public && !config?.policy) {
      throw new Error(`${String(route.method)} ${route.url} has no policy entry (config.policy)`)
    }
  })
  app.decorateRequest('auth', null)
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[sessionCookieName]
    if (token) {
      const found = token.length <= 128 ? await findSession(prisma, token) : null
      if (found) {
        request.auth = found.auth
        if (found.touched) reply.setCookie(sessionCookieName, token, cookieOptions(env))
      } else {
        reply.clearCookie(sessionCookieName, { path: '/' })
      }
    }
    if (request.routeOptions.config.public) return
    if (!request.auth) throw new ApiError(401, 'unauthenticated', 'Sign in first')
    if (
      stateChanging.has(request.method) &&
      !sameToken(request.headers['x-csrf-token'], request.auth.csrfToken)
    ) {
      throw new ApiError(403, 'csrf', 'Missing or wrong x-csrf-token header')
    }
    const { policy } = request.routeOptions.config
    if (policy !== 'signedIn' && !(policy && can(actorOf(request), policy))) {
      throw new ApiError(403, 'forbidden', 'Your role does not allow this')
    }
  })
}

/** The caller of a protected route (the guard has already answered 401 when there is none). */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new ApiError(401, 'unauthenticated', 'Sign in first')
  return request.auth
}

/** The actor behind a signed-in request (staff only until operator accounts exist). */
export function actorOf(request: FastifyRequest): Actor {
  const { staff } = authOf(request)
  return { kind: 'staff', id: staff.id, role: staff.role }
}
