import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest'
import { registerWithSimulator, webhookUrlFor } from '../../api/defaultChannel'
import { createSimulatorApp } from '../../linesim/app'
import { createDefaultChannel, setUpOwner, startTestApi, type Browser } from './harness'

type Api = Awaited<ReturnType<typeof startTestApi>>
let api: Api
let owner: Browser
let sim: FastifyInstance
let simUrl: string
let channelId: string

beforeAll(async () => {
  // The real Temporal dev server, so the simulator's webhooks are accepted (200) by Enishi.
  api = await startTestApi({}, inject('temporalAddress'))
  owner = await setUpOwner(api.url)
  sim = createSimulatorApp({ logger: false })
  await sim.listen({ port: 0, host: '127.0.0.1' })
  simUrl = `http://127.0.0.1:${(sim.server.address() as AddressInfo).port}`
  channelId = (await createDefaultChannel(api.prisma)).id
})
afterAll(async () => {
  await api?.close()
  await sim?.close()
})

describe('simulator proxy on a real LINE channel', () => {
  it('answers 409 not_simulator', async () => {
    const list = await owner.get('/api/simulator/users')
    expect(list.status).toBe(409)
    expect(list.body.error.code).toBe('not_simulator')
    const create = await owner.post('/api/simulator/users', { displayName: '花子' })
    expect(create.status).toBe(409)
  })
})

describe('simulator proxy on the simulator channel', () => {
  let userId: string

  beforeAll(async () => {
    const channel = await api.prisma.channel.update({
      where: { id: channelId },
      data: { isSimulator: true, apiBaseUrl: simUrl },
    })
    // The webhook URL of this test's API (webhookUrlFor gives the configured public one).
    const webhookUrl = webhookUrlFor(api.env, channel.id).replace(/^http:\/\/[^/]+/, api.url)
    await registerWithSimulator(channel, webhookUrl)
  })

  it('creates a simulated user and lists it', async () => {
    const res = await owner.post('/api/simulator/users', { displayName: '花子' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ displayName: '花子', followState: 'none' })
    expect(res.body.userId).toMatch(/^U[0-9a-f]{32}$/)
    userId = res.body.userId

    const list = await owner.get('/api/simulator/users')
    expect(list.status).toBe(200)
    expect(list.body.users).toEqual([
      expect.objectContaining({ userId, displayName: '花子', followState: 'none' }),
    ])
  })

  it('follows: the simulator delivers a signed webhook that Enishi accepts, and it is audited', async () => {
    const res = await owner.post(`/api/simulator/users/${userId}/follow`)
    expect(res.status).toBe(200)
    expect(res.body.webhookEventId).toEqual(expect.any(String))
    expect(res.body.delivery).toMatchObject({ statusCode: 200 })
    const users = await owner.get('/api/simulator/users')
    expect(users.body.users[0].followState).toBe('following')
    const entry = await api.prisma.auditLog.findFirstOrThrow({ where: { action: 'simulator.follow' } })
    expect(entry.details).toMatchObject({ userId, webhookEventId: res.body.webhookEventId })
  })

  it("sends the user's text and sticker and shows them in the chat", async () => {
    const text = await owner.post(`/api/simulator/users/${userId}/messages`, {
      type: 'text',
      text: 'こんにちは',
    })
    expect(text.status).toBe(200)
    expect(text.body.delivery.statusCode).toBe(200)
    const sticker = await owner.post(`/api/simulator/users/${userId}/messages`, {
      type: 'sticker',
      packageId: '446',
      stickerId: '1988',
    })
    expect(sticker.status).toBe(200)

    const chat = await owner.get(`/api/simulator/users/${userId}/chat`)
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
    const postback = await owner.post(`/api/simulator/users/${userId}/postback`, {
      data: 'action=buy&item=1',
    })
    expect(postback.status).toBe(200)
    const unfollow = await owner.post(`/api/simulator/users/${userId}/unfollow`)
    expect(unfollow.status).toBe(200)
    const users = await owner.get('/api/simulator/users')
    expect(users.body.users[0].followState).toBe('blocked')
  })

  it('validates input at the edge, naming the field', async () => {
    const badUser = await owner.post('/api/simulator/users', { displayName: 'x'.repeat(21) })
    expect(badUser.status).toBe(400)
    expect(badUser.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.displayName'])
    const badId = await owner.post('/api/simulator/users/not-a-user/follow')
    expect(badId.status).toBe(400)
    expect(badId.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['params.userId'])
    const badMessage = await owner.post(`/api/simulator/users/${userId}/messages`, { type: 'image' })
    expect(badMessage.status).toBe(400)
  })

  it("passes on the simulator's 404 for an unknown user", async () => {
    const res = await owner.get(`/api/simulator/users/U${'0'.repeat(32)}/chat`)
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('simulator_error')
  })

  it('requires sign-in and the CSRF token', async () => {
    const noCsrf = await owner.call('POST', '/api/simulator/users', {
      body: { displayName: 'x' },
      csrf: null,
    })
    expect(noCsrf.status).toBe(403)
  })

  it('answers 502 simulator_unavailable when the simulator is down', async () => {
    await api.prisma.channel.update({ where: { id: channelId }, data: { apiBaseUrl: 'http://127.0.0.1:1' } })
    const res = await owner.get('/api/simulator/users')
    expect(res.status).toBe(502)
    expect(res.body.error.code).toBe('simulator_unavailable')
  })
})
