import { createHash } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { Browser, createStaff, ownerCredentials, startApi, signIn } from './harness'
import { useTestApi } from './useTestApi'

const t = useTestApi({ channel: true })

describe('before setup', () => {
  it('reports that setup is needed and nobody is signed in', async () => {
    const res = await new Browser(t.api.url).get('/api/auth/state')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ needsSetup: true, staff: null, csrfToken: null, abilities: null })
  })

  it('keeps every protected route closed', async () => {
    const browser = new Browser(t.api.url)
    for (const path of ['/api/friends', '/api/settings/greeting', '/api/channels/default', '/api/audit']) {
      const res = await browser.get(path)
      expect(res.status, path).toBe(401)
      expect(res.body.error.code, path).toBe('unauthenticated')
    }
    const put = await browser.put('/api/settings/greeting', { messages: [{ type: 'text', text: 'hi' }] })
    expect(put.status).toBe(401)
  })

  it('has no default account to sign in with', async () => {
    const res = await new Browser(t.api.url).login('admin@example.com', 'admin')
    expect(res.status).toBe(401)
    expect(res.body.error.code).toBe('invalid_credentials')
  })

  it('rejects a weak setup with the field named', async () => {
    const res = await new Browser(t.api.url).post('/api/auth/setup', {
      ...ownerCredentials,
      password: 'short',
    })
    expect(res.status).toBe(400)
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.password'])
    expect(await t.api.prisma.staff.count()).toBe(0)
  })
})

describe('setup', () => {
  const browser = () => new Browser(t.api.url)
  let owner: Browser

  it('creates the owner once, signed in, with a hashed password', async () => {
    owner = browser()
    const res = await owner.post('/api/auth/setup', { ...ownerCredentials, email: ' Owner@Example.COM ' })
    expect(res.status).toBe(201)
    expect(res.body.staff).toEqual({
      id: expect.any(String),
      name: ownerCredentials.name,
      email: 'owner@example.com',
      role: 'owner',
    })
    expect(res.body.csrfToken).toEqual(expect.any(String))
    expect(owner.session).toBeDefined()

    const row = await t.api.prisma.staff.findUniqueOrThrow({ where: { email: 'owner@example.com' } })
    expect(row.passwordHash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/)
    expect(row.passwordHash).not.toContain(ownerCredentials.password)
  })

  it('answers 409 already_set_up afterwards, whoever asks', async () => {
    const res = await browser().post('/api/auth/setup', {
      name: 'Intruder',
      email: 'intruder@example.com',
      password: 'another password',
    })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('already_set_up')
    expect(await t.api.prisma.staff.count()).toBe(1)
  })

  it('reports the signed-in owner in the state', async () => {
    const res = await owner.get('/api/auth/state')
    expect(res.body).toEqual({
      needsSetup: false,
      staff: expect.objectContaining({ email: 'owner@example.com', role: 'owner' }),
      csrfToken: owner.csrfToken,
      abilities: expect.objectContaining({
        audit: { view: true, edit: true },
        settings: { view: true, edit: true },
        simulator: { view: true, edit: true },
      }),
    })
    const anonymous = await browser().get('/api/auth/state')
    expect(anonymous.body).toEqual({ needsSetup: false, staff: null, csrfToken: null, abilities: null })
  })

  it('stores only the SHA-256 of the session token', async () => {
    const id = createHash('sha256').update(owner.session!).digest('hex')
    const session = await t.api.prisma.session.findUnique({ where: { id } })
    expect(session).not.toBeNull()
    expect(await t.api.prisma.session.findUnique({ where: { id: owner.session! } })).toBeNull()
  })

  it('sets the session cookie httpOnly, SameSite=Lax, Path=/, for 14 days, not Secure outside production', () => {
    const cookie = owner.lastSetCookie!
    expect(cookie).toMatch(/; HttpOnly/i)
    expect(cookie).toMatch(/; SameSite=Lax/i)
    expect(cookie).toMatch(/; Path=\//i)
    expect(cookie).toMatch(new RegExp(`; Max-Age=${14 * 24 * 3600}`, 'i'))
    expect(cookie).not.toMatch(/; Secure/i)
    expect(owner.session).toMatch(/^[\w-]{43}$/) // 32 random bytes, base64url
  })

  it('writes owner.setup to the audit log', async () => {
    const entry = await t.api.prisma.auditLog.findFirstOrThrow({ where: { action: 'owner.setup' } })
    expect(entry.actorType).toBe('staff')
    expect(entry.details).toEqual({ name: 'Owner', email: 'owner@example.com' })
    expect(JSON.stringify({ ...entry, id: String(entry.id) })).not.toContain(ownerCredentials.password)
  })
})

describe('login and logout', () => {
  it('signs in with the right password and audits it', async () => {
    const browser = new Browser(t.api.url)
    const res = await browser.login('OWNER@example.com', ownerCredentials.password)
    expect(res.status).toBe(200)
    expect(res.body.staff.email).toBe('owner@example.com')
    expect(res.body.csrfToken).toEqual(expect.any(String))
    expect((await browser.get('/api/channels/default')).status).toBe(200)
    const entry = await t.api.prisma.auditLog.findFirst({
      where: { action: 'auth.login' },
      orderBy: { id: 'desc' },
    })
    expect(entry?.actorId).toBe(res.body.staff.id)
    expect(entry?.ip).toBe('127.0.0.1')
  })

  it('answers a wrong password and an unknown e-mail identically, and audits both', async () => {
    const before = await t.api.prisma.auditLog.count({ where: { action: 'auth.login_failed' } })
    const wrong = await new Browser(t.api.url).login(ownerCredentials.email, 'wrong password')
    const unknown = await new Browser(t.api.url).login('nobody@example.com', 'wrong password')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
    expect(wrong.body.error.code).toBe('invalid_credentials')
    expect(wrong.headers.get('set-cookie')).toBeNull()
    expect(await t.api.prisma.auditLog.count({ where: { action: 'auth.login_failed' } })).toBe(before + 2)
  })

  it('logs out: 204, session row gone, cookie cleared, old cookie useless', async () => {
    const browser = new Browser(t.api.url)
    await browser.login(ownerCredentials.email, ownerCredentials.password)
    const token = browser.session!
    const res = await browser.call('POST', '/api/auth/logout')
    expect(res.status).toBe(204)
    expect(browser.lastSetCookie).toMatch(/enishi_session=;/)
    expect(browser.session).toBeUndefined()
    const id = createHash('sha256').update(token).digest('hex')
    expect(await t.api.prisma.session.findUnique({ where: { id } })).toBeNull()
    expect(await t.api.prisma.auditLog.count({ where: { action: 'auth.logout' } })).toBe(1)

    browser.session = token
    const after = await browser.get('/api/friends')
    expect(after.status).toBe(401)
    expect(after.body.error.code).toBe('unauthenticated')
  })

  it('refuses an expired session', async () => {
    const browser = new Browser(t.api.url)
    await browser.login(ownerCredentials.email, ownerCredentials.password)
    const id = createHash('sha256').update(browser.session!).digest('hex')
    await t.api.prisma.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect((await browser.get('/api/channels/default')).status).toBe(401)
  })

  it('slides the expiry forward when a session is used', async () => {
    const browser = new Browser(t.api.url)
    await browser.login(ownerCredentials.email, ownerCredentials.password)
    const id = createHash('sha256').update(browser.session!).digest('hex')
    const soon = new Date(Date.now() + 60 * 60 * 1000)
    await t.api.prisma.session.update({
      where: { id },
      data: { expiresAt: soon, lastSeenAt: new Date(Date.now() - 5 * 60 * 1000) },
    })
    browser.lastSetCookie = undefined
    expect((await browser.get('/api/channels/default')).status).toBe(200)
    const session = await t.api.prisma.session.findUniqueOrThrow({ where: { id } })
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 3600 * 1000)
    expect(browser.lastSetCookie).toMatch(/Max-Age=1209600/)
  })

  it('marks the cookie Secure in production', async () => {
    const prod = await startApi(t.api.prisma, { NODE_ENV: 'production' })
    try {
      const browser = new Browser(prod.url)
      expect((await browser.login(ownerCredentials.email, ownerCredentials.password)).status).toBe(200)
      expect(browser.lastSetCookie).toMatch(/; Secure/i)
    } finally {
      await prod.close()
    }
  })
})

describe('CSRF', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = new Browser(t.api.url)
    await browser.login(ownerCredentials.email, ownerCredentials.password)
  })
  const greeting = { messages: [{ type: 'text', text: 'ようこそ' }] }

  it('refuses a state change without the header', async () => {
    const res = await browser.call('PUT', '/api/settings/greeting', { body: greeting, csrf: null })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('csrf')
    expect(await t.api.prisma.greetingSetting.count()).toBe(0)
  })

  it("refuses another session's token", async () => {
    const other = new Browser(t.api.url)
    await other.login(ownerCredentials.email, ownerCredentials.password)
    expect(other.csrfToken).not.toBe(browser.csrfToken)
    const res = await browser.call('PUT', '/api/settings/greeting', { body: greeting, csrf: other.csrfToken })
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('csrf')
    const logout = await browser.call('POST', '/api/auth/logout', { csrf: 'x'.repeat(43) })
    expect(logout.status).toBe(403)
  })

  it('accepts the right token', async () => {
    const res = await browser.put('/api/settings/greeting', greeting)
    expect(res.status).toBe(200)
  })

  it('checks CSRF before validating the body', async () => {
    const res = await browser.call('PUT', '/api/settings/greeting', { body: { messages: [] }, csrf: null })
    expect(res.status).toBe(403)
  })
})

describe('roles', () => {
  it('lets a member read friends but not greeting settings or the audit log', async () => {
    const browser = await signIn(t.api, 'member')
    expect((await browser.get('/api/friends')).status).toBe(200)

    const put = await browser.put('/api/settings/greeting', { messages: [{ type: 'text', text: 'x' }] })
    expect(put.status).toBe(403)
    expect(put.body.error.code).toBe('forbidden')
    // Refused before validation: an invalid body gets the same 403.
    expect((await browser.put('/api/settings/greeting', { messages: [] })).status).toBe(403)
    expect((await browser.get('/api/settings/greeting')).status).toBe(403)
    expect((await browser.get('/api/audit')).status).toBe(403)
    // The state tells the studio the same, so it can hide what would be refused.
    const { abilities } = (await browser.get('/api/auth/state')).body
    expect(abilities).toMatchObject({
      friends: { view: true, edit: false },
      settings: { view: false, edit: false },
      audit: { view: false, edit: false },
      simulator: { view: false, edit: false },
    })
  })

  it('lets a manager edit the greeting but not read the audit log', async () => {
    const browser = await signIn(t.api, 'manager')
    const put = await browser.put('/api/settings/greeting', { messages: [{ type: 'text', text: 'manager' }] })
    expect(put.status).toBe(200)
    expect((await browser.get('/api/audit')).status).toBe(403)
  })

  it('lets an admin read the audit log, newest first, with string IDs', async () => {
    const admin = await createStaff(t.api.prisma, 'admin', 'admin@example.com')
    const browser = new Browser(t.api.url)
    await browser.login(admin.email, admin.password)
    const res = await browser.get('/api/audit?pageSize=2')
    expect(res.status).toBe(200)
    expect(res.body.pageSize).toBe(2)
    expect(res.body.items).toHaveLength(2)
    expect(res.body.total).toBe(await t.api.prisma.auditLog.count())
    const [first, second] = res.body.items
    expect(first.action).toBe('auth.login')
    expect(first.actorId).toBe(admin.id)
    expect(typeof first.id).toBe('string')
    expect(BigInt(first.id)).toBeGreaterThan(BigInt(second.id))
    const last = await browser.get(`/api/audit?pageSize=2&page=${Math.ceil(res.body.total / 2)}`)
    const oldest = await t.api.prisma.auditLog.findFirstOrThrow({ orderBy: { id: 'asc' } })
    expect(last.body.items.at(-1)).toMatchObject({ id: String(oldest.id), action: oldest.action })
  })
})
