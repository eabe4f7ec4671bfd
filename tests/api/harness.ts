import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { Client, Connection } from '@temporalio/client'
import type { FastifyInstance } from 'fastify'
import { buildApi } from '../../api/app'
import { hashPassword } from '../../api/auth/password'
import type { PrismaClient, StaffRole } from '../../prisma/client'
import { loadEnv, type Env } from '../../stack/env'
import { createTestDatabase } from '../helpers/db'

/** One API instance over real HTTP on a random port. */
export interface RunningApi {
  app: FastifyInstance
  url: string
  env: Env
  close(): Promise<void>
}

/**
 * Builds and starts the API against `prisma`. Temporal is a lazy client, by default to a closed
 * port: the studio routes never touch it, and nothing connects until something would. Tests that
 * let webhooks through (the simulator's) pass the shared dev server's address instead.
 */
export async function startApi(
  prisma: PrismaClient,
  env: Partial<Record<string, string>> = {},
  temporalAddress = '127.0.0.1:1',
): Promise<RunningApi> {
  const fullEnv = loadEnv({ ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env })
  const connection = Connection.lazy({ address: temporalAddress })
  const temporal = new Client({ connection })
  // A task queue no worker polls: handed-off webhook events just wait there.
  const taskQueue = `api-tests-${randomUUID()}`
  const app = await buildApi({ prisma, env: fullEnv, temporal, taskQueue }, { logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    env: fullEnv,
    async close() {
      await app.close()
      await connection.close()
    },
  }
}

export type TestApi = Awaited<ReturnType<typeof startTestApi>>

/** A fresh migrated database plus one API on it. */
export async function startTestApi(env: Partial<Record<string, string>> = {}, temporalAddress?: string) {
  const db = await createTestDatabase()
  const api = await startApi(db.prisma, env, temporalAddress)
  return {
    ...api,
    prisma: db.prisma,
    async close() {
      await api.close()
      await db.drop()
    },
  }
}

export interface CallResult {
  status: number
  headers: Headers
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read arbitrary JSON
  body: any
}

/**
 * A browser stand-in: keeps the session cookie it is given and sends the CSRF token the API
 * handed out, unless a test says otherwise.
 */
export class Browser {
  session: string | undefined
  csrfToken: string | undefined
  lastSetCookie: string | undefined

  constructor(readonly baseUrl: string) {}

  async call(
    method: string,
    path: string,
    options: { body?: unknown; csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<CallResult> {
    const headers: Record<string, string> = { ...options.headers }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (this.session) headers.cookie = `enishi_session=${this.session}`
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf
    if (csrf) headers['x-csrf-token'] = csrf
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    })
    const sessionCookie = res.headers.getSetCookie().find((c) => c.startsWith('enishi_session='))
    if (sessionCookie) {
      this.lastSetCookie = sessionCookie
      const value = sessionCookie.slice('enishi_session='.length).split(';')[0]
      this.session = value && !/max-age=0|expires=thu, 01 jan 1970/i.test(sessionCookie) ? value : undefined
    }
    const text = await res.text()
    const body = text ? JSON.parse(text) : undefined
    if (body?.csrfToken !== undefined && typeof body.csrfToken === 'string') this.csrfToken = body.csrfToken
    return { status: res.status, headers: res.headers, body }
  }

  get = (path: string) => this.call('GET', path)
  post = (path: string, body?: unknown) => this.call('POST', path, { body })
  put = (path: string, body?: unknown) => this.call('PUT', path, { body })

  async login(email: string, password: string): Promise<CallResult> {
    return this.post('/api/auth/login', { email, password })
  }
}

export const ownerCredentials = {
  name: 'Owner',
  email: 'owner@example.com',
  password: 'correct horse battery',
}

/** Sets up the owner through the API and returns a signed-in browser. */
export async function setUpOwner(baseUrl: string): Promise<Browser> {
  const browser = new Browser(baseUrl)
  const res = await browser.post('/api/auth/setup', ownerCredentials)
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`)
  return browser
}

/** Staff besides the owner are created directly until the staff API exists. */
export async function createStaff(
  prisma: PrismaClient,
  role: StaffRole,
  email: string,
  password = 'staff password 1',
): Promise<{ id: string; email: string; password: string }> {
  const staff = await prisma.staff.create({
    data: { name: `${role} ${email}`, email, role, passwordHash: await hashPassword(password) },
  })
  return { id: staff.id, email, password }
}

/** A staff member of `role` (`<role>@example.com` unless named), signed in through the API. */
export async function signIn(
  api: { url: string; prisma: PrismaClient },
  role: StaffRole,
  email = `${role}@example.com`,
): Promise<Browser> {
  const staff = await createStaff(api.prisma, role, email)
  const browser = new Browser(api.url)
  const res = await browser.login(staff.email, staff.password)
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`)
  return browser
}

/** The default channel the lead's start-up code would create (bound to the simulator or not). */
export async function createDefaultChannel(
  prisma: PrismaClient,
  data: { isSimulator?: boolean; apiBaseUrl?: string } = {},
) {
  return prisma.channel.create({
    data: {
      name: 'テストチャネル',
      isDefault: true,
      isSimulator: data.isSimulator ?? false,
      secret: 'test-secret',
      accessToken: 'test-access-token',
      apiBaseUrl: data.apiBaseUrl ?? 'https://api.line.me',
    },
  })
}
