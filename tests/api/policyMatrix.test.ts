import { beforeAll, describe, expect, it } from 'vitest'
import type { StaffRole } from '../../prisma/client'
import { Browser } from './harness'
import { useTestApi } from './useTestApi'

/**
 * The route × role matrix: every /api operation of the OpenAPI document, called by every staff
 * role and by nobody, against an expected table written by hand (not derived from api/policy),
 * so a changed rule or a new route shows up here as a decision someone has to make.
 */

type Role = StaffRole
const roles = ['owner', 'admin', 'manager', 'member'] as const satisfies readonly Role[]

/** Reachable without a session (anonymous callers get no 401). */
const PUBLIC = 'public'
const all: Role[] = ['owner', 'admin', 'manager', 'member']
/** Everyone but 一般 (member). */
const editors: Role[] = ['owner', 'admin', 'manager']
/** owner and 副管理者 only. */
const admins: Role[] = ['owner', 'admin']

const expected: Record<string, Role[] | typeof PUBLIC> = {
  'GET /api/auth/state': PUBLIC,
  'POST /api/auth/setup': PUBLIC,
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': all,

  'GET /api/audit': admins,
  'GET /api/channels/default': all,

  'GET /api/friends': all,
  'GET /api/friends/{id}': all,
  'GET /api/friends/{id}/messages': all,
  'GET /api/friends/{id}/runs': all,

  'GET /api/tags': all,
  'POST /api/tags': editors,
  'PATCH /api/tags/{id}': editors,
  'DELETE /api/tags/{id}': editors,

  'GET /api/fields': all,
  'POST /api/fields': editors,
  'PATCH /api/fields/{id}': editors,
  'DELETE /api/fields/{id}': editors,

  'GET /api/settings/greeting': editors,
  'PUT /api/settings/greeting': editors,
  'GET /api/settings/delivery': all,
  'PUT /api/settings/delivery': editors,

  'GET /api/notifications': all,
  'POST /api/notifications/{id}/read': all,
  'POST /api/notifications/read-all': all,

  'GET /api/reminders': all,
  'POST /api/reminders': admins,
  'GET /api/reminders/{id}': all,
  'PUT /api/reminders/{id}': admins,
  'POST /api/reminders/{id}/archive': admins,
  'GET /api/reminders/{id}/runs': all,
  'POST /api/reminders/{id}/runs': admins,
  'POST /api/reminders/{id}/runs/{runId}/cancel': admins,

  'GET /api/flows': all,
  'POST /api/flows': editors,
  'GET /api/flows/{id}': all,
  'PUT /api/flows/{id}/draft': editors,
  'POST /api/flows/{id}/publish': editors,
  'POST /api/flows/{id}/pause': editors,
  'POST /api/flows/{id}/resume': editors,
  'POST /api/flows/{id}/archive': editors,
  'POST /api/flows/{id}/duplicate': editors,
  'POST /api/flows/{id}/preview': all,
  'GET /api/flows/{id}/runs': all,
  'GET /api/flows/{id}/versions': all,
  'GET /api/flows/{id}/versions/{version}': all,
  'GET /api/flows/{id}/migration': admins,
  'POST /api/flows/{id}/migration': admins,
  'POST /api/flows/{id}/stop': admins,

  'GET /api/runs/{id}': admins,
  'POST /api/runs/{id}/cancel': admins,

  'GET /api/simulator/users': editors,
  'POST /api/simulator/users': editors,
  'GET /api/simulator/users/{userId}/chat': editors,
  'POST /api/simulator/users/{userId}/follow': editors,
  'POST /api/simulator/users/{userId}/unfollow': editors,
  'POST /api/simulator/users/{userId}/messages': editors,
  'POST /api/simulator/users/{userId}/postback': editors,
}

const t = useTestApi({ roles, channel: true })
let operations: string[]

beforeAll(async () => {
  const doc = (await (await fetch(`${t.api.url}/docs/json`)).json()) as {
    paths: Record<string, Record<string, unknown>>
  }
  operations = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
    // Logging out ends the caller's session: last, so every other call still has one.
    .sort((a, b) => Number(a === 'POST /api/auth/logout') - Number(b === 'POST /api/auth/logout'))
})

/** Calls an operation with made-up path parameters and, where a body may go, an empty one. */
function call(browser: Browser, operation: string) {
  const [method, path] = operation.split(' ') as [string, string]
  const url = path.replace(/\{[^}]+\}/g, 'fake0000id')
  const withBody = ['POST', 'PUT', 'PATCH'].includes(method)
  return browser.call(method, url, withBody ? { body: {} } : {})
}

describe('route × role matrix', () => {
  it('has an expected entry for every /api operation, and none for operations that are gone', () => {
    expect(operations.length).toBeGreaterThan(0)
    expect([...operations].sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(roles)('%s: 403 exactly where the table says no', async (role) => {
    const wrong: string[] = []
    for (const operation of operations) {
      // An operation without an entry is expected to refuse everyone (and fails the test above).
      const entry = expected[operation] ?? []
      const allowed = entry === PUBLIC || entry.includes(role)
      const res = await call(t[role], operation)
      const ok = allowed
        ? res.status !== 401 && res.status !== 403 && res.status < 500
        : res.status === 403 && res.body?.error?.code === 'forbidden'
      if (!ok) wrong.push(`${operation}: ${res.status} ${JSON.stringify(res.body?.error ?? null)}`)
    }
    expect(wrong).toEqual([])
  })

  it('anonymous: 401 everywhere but the public routes', async () => {
    const anonymous = new Browser(t.api.url)
    const wrong: string[] = []
    for (const operation of operations) {
      const res = await call(anonymous, operation)
      const ok =
        expected[operation] === PUBLIC
          ? res.status !== 401 && res.status !== 403 && res.status < 500
          : res.status === 401
      if (!ok) wrong.push(`${operation}: ${res.status}`)
    }
    expect(wrong).toEqual([])
  })
})
