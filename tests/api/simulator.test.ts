import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerWithSimulator, webhookUrlFor } from '../../api/channels/defaultChannel'
import { createSimulatorApp } from '../../linesim/app'
import { signIn } from './harness'
import { useTestApi } from './useTestApi'

// The real Temporal dev server, so the simulator's webhooks are accepted (200) by Enishi.
const t = useTestApi({ roles: ['owner'], channel: true, temporal: true })
let sim: FastifyInstance
let simUrl: string

beforeAll(async () => {
  sim = createSimulatorApp({ logger: false })
  await sim.listen({ port: 0, host: '127.0.0.1' })
  simUrl = `http://127.0.0.1:${(sim.server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await sim?.close()
})

describe('simulator proxy on a real LINE channel', () => {
  it('answers 409 not_simulator', async () => {
    const list = await t.owner.get('/api/simulator/users')
    expect(list.status).toBe(409)
    expect(list.body.error.code).toBe('not_simulator')
    const create = await t.owner.post('/api/simulator/users', { displayName: '花子' })
    expect(create.status).toBe(409)
  })
})

describe('simulator proxy on the simulator channel', () => {
  let userId: string

  beforeAll(async () => {
    const channel = await t.api.prisma.channel.update({
      where: { id: t.channelId },
      data: { isSimulator: true, apiBaseUrl: simUrl },
    })
    // The webhook URL of this test's API (webhookUrlFor gives the configured public one).
    const webhookUrl = webhookUrlFor(t.api.env, channel.id).replace(/^http:\/\/[^/]+/, t.api.url)
    await registerWithSimulator(channel, webhookUrl)
  })

  it('creates a simulated user and lists it', async () => {
    const res = await t.owner.post('/api/simulator/users', { displayName: '花子' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ displayName: '花子', followState: 'none' })
    expect(res.body.userId).toMatch(/^U[0-9a-f]{32}$/)
    userId = res.body.userId

    const list = await t.owner.get('/api/simulator/users')
    expect(list.status).toBe(200)
    expect(list.body.users).toEqual([
      expect.objectContaining({ userId, displayName: '花子', followState: 'none' }),
    ])
  })

  it('follows: the simulator delivers a signed webhook that Enishi accepts, and it is audited', async () => {
    const res = await t.owner.post(`/api/simulator/users/${userId}/follow`)
    expect(res.status).toBe(200)
    expect(res.body.webhookEventId).toEqual(expect.any(String))
    expect(res.body.delivery).toMatchObject({ statusCode: 200 })
    const users = await t.owner.get('/api/simulator/users')
    expect(users.body.users[0].followState).toBe('following')
    const entry = await t.api.prisma.auditLog.findFirstOrThrow({ where: { action: 'simulator.follow' } })
    expect(entry.details).toMatchObject({ userId, webhookEventId: res.body.webhookEventId })
  })

  it("sends the user's text and sticker and shows them in the chat", async () => {
    const text = await t.owner.post(`/api/simulator/users/${userId}/messages`, {
      type: 'text',
      text: 'こんにちは',
    })
    expect(text.status).toBe(200)
    expect(text.body.delivery.statusCode).toBe(200)
    const sticker = await t.owner.post(`/api/simulator/users/${userId}/messages`, {
      type: 'sticker',
      packageId: '446',
      stickerId: '1988',
    })
    expect(sticker.status).toBe(200)

    const chat = await t.owner.get(`/api/simulator/users/${userId}/chat`)
    expect(chat.status).toBe(200)
    const fromUser = chat.body.items.filter((i: { direction: string }) => i.direction === 'user')
    expect(fromUser.map((i: { message: unknown }) => i.message)).toEqual([
      expect.objectContaining({ type: 'text', text: 'こんにちは' }),
      expect.objectContaining({ type: 'sticker', packageId: '446', stickerId: '1988' }),
    ])
    expect(fromUser[0]).toEqual({
      id: expect.any(String),
      direction: 'user',
      at: expect.any(String),
      message: expect.any(Object),
    })
  })

  it('sends a postback and unfollows', async () => {
    const postback = await t.owner.post(`/api/simulator/users/${userId}/postback`, {
      data: 'action=buy&item=1',
    })
    expect(postback.status).toBe(200)
    const unfollow = await t.owner.post(`/api/simulator/users/${userId}/unfollow`)
    expect(unfollow.status).toBe(200)
    const users = await t.owner.get('/api/simulator/users')
    expect(users.body.users[0].followState).toBe('blocked')
  })

  it('validates input at the edge, naming the field', async () => {
    const badUser = await t.owner.post('/api/simulator/users', { displayName: 'x'.repeat(21) })
    expect(badUser.status).toBe(400)
    expect(badUser.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.displayName'])
    const badId = await t.owner.post('/api/simulator/users/not-a-user/follow')
    expect(badId.status).toBe(400)
    expect(badId.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['params.userId'])
    const badMessage = await t.owner.post(`/api/simulator/users/${userId}/messages`, { type: 'image' })
    expect(badMessage.status).toBe(400)
  })

  it("passes on the simulator's 404 for an unknown user", async () => {
    const res = await t.owner.get(`/api/simulator/users/U${'0'.repeat(32)}/chat`)
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('simulator_error')
  })

  it('requires sign-in and the CSRF token', async () => {
    const noCsrf = await t.owner.call('POST', '/api/simulator/users', {
      body: { displayName: 'x' },
      csrf: null,
    })
    expect(noCsrf.status).toBe(403)
  })

  it('is closed to 一般 staff, who may neither read nor drive it', async () => {
    const member = await signIn(t.api, 'member')
    const refused = [
      await member.get('/api/simulator/users'),
      await member.get(`/api/simulator/users/${userId}/chat`),
      await member.post('/api/simulator/users', { displayName: '一般' }),
      await member.post(`/api/simulator/users/${userId}/follow`),
      await member.post(`/api/simulator/users/${userId}/messages`, { type: 'text', text: 'hi' }),
    ]
    expect(refused.map((r) => [r.status, r.body.error.code])).toEqual(refused.map(() => [403, 'forbidden']))
    expect((await t.owner.get('/api/simulator/users')).body.users).toHaveLength(1)
  })

  it('answers 502 simulator_unavailable when the simulator is down', async () => {
    await t.api.prisma.channel.update({
      where: { id: t.channelId },
      data: { apiBaseUrl: 'http://127.0.0.1:1' },
    })
    const res = await t.owner.get('/api/simulator/users')
    expect(res.status).toBe(502)
    expect(res.body.error.code).toBe('simulator_unavailable')
  })
})
