import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client'
import { describe, expect, it, vi } from 'vitest'
import { buildApi } from '../../api/app'
import { loadEnv } from '../../stack/env'
import { webhookOutbox } from '../../api/webhooks/outbox'
import { lineEventWorkflowId, type LineWebhookEvent } from '../../workflows/contracts/lineEvent'
import type { TestStack } from '../helpers/stack'
import { useStack } from '../helpers/useStack'
import { eventId, lineUserId, postRaw, postSigned, sign } from '../helpers/webhook'

let stack: TestStack
let url: string

useStack(async (started) => {
  stack = started
  url = `${stack.apiUrl}/webhooks/line/${stack.channel.id}`
})

function body(events: unknown[]) {
  return { destination: `U${'0'.repeat(32)}`, events }
}

function unknownEvent(id = eventId()) {
  return {
    type: 'somethingNew',
    webhookEventId: id,
    timestamp: Date.now(),
    mode: 'active',
    source: { type: 'user', userId: lineUserId() },
  }
}

async function workflowExists(webhookEventId: string): Promise<boolean> {
  try {
    await stack.temporal.workflow.getHandle(lineEventWorkflowId(webhookEventId)).describe()
    return true
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false
    throw err
  }
}

describe('webhook signature', () => {
  it('accepts a correctly signed request', async () => {
    const res = await postSigned(url, stack.channel.secret, body([]))
    expect(res.status).toBe(200)
  })

  it('refuses a bad signature: 401, nothing stored, nothing started', async () => {
    const event = unknownEvent()
    const res = await postSigned(url, 'not-the-secret', body([event]))
    expect(res.status).toBe(401)
    expect(JSON.parse(res.body).error.code).toBe('invalid_signature')
    expect(await stack.prisma.webhookEvent.count({ where: { id: event.webhookEventId } })).toBe(0)
    expect(await workflowExists(event.webhookEventId)).toBe(false)
  })

  it('refuses a missing signature', async () => {
    const res = await postRaw(url, JSON.stringify(body([])), {})
    expect(res.status).toBe(401)
  })

  it('refuses a signature over different bytes (body altered after signing)', async () => {
    const signed = JSON.stringify(body([]))
    const res = await postRaw(url, JSON.stringify(body([unknownEvent()])), {
      'x-line-signature': sign(stack.channel.secret, signed),
    })
    expect(res.status).toBe(401)
  })

  it.each(['X-Line-Signature', 'x-line-signature', 'X-LINE-SIGNATURE'])(
    'reads the header named %s',
    async (name) => {
      const res = await postSigned(url, stack.channel.secret, body([]), name)
      expect(res.status).toBe(200)
    },
  )

  it('serves the default channel at /webhooks/line', async () => {
    const res = await postSigned(`${stack.apiUrl}/webhooks/line`, stack.channel.secret, body([]))
    expect(res.status).toBe(200)
  })

  it('answers 404 for an unknown channel', async () => {
    const res = await postSigned(`${stack.apiUrl}/webhooks/line/nope`, stack.channel.secret, body([]))
    expect(res.status).toBe(404)
  })
})

describe('webhook body', () => {
  it('answers 400 for malformed JSON', async () => {
    const res = await postSigned(url, stack.channel.secret, '{"destination": "U1", "events": [')
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error.code).toBe('malformed_json')
  })

  it('answers 400 naming the field when an event lacks its webhookEventId', async () => {
    const res = await postSigned(url, stack.channel.secret, body([{ type: 'follow', timestamp: 1 }]))
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error.fields[0].path).toBe('body.events.0.webhookEventId')
  })

  it('answers 413 for a body over 1 MiB', async () => {
    const big = JSON.stringify(body([{ ...unknownEvent(), padding: 'x'.repeat(1024 * 1024) }]))
    const res = await postRaw(url, big, { 'x-line-signature': sign(stack.channel.secret, big) })
    expect(res.status).toBe(413)
  })

  it('answers 400 for an event nested 10,000 levels deep; webhooks arriving with it are accepted', async () => {
    // Built as text: serializing such an object is exactly what overflows the stack.
    const event = JSON.stringify(unknownEvent()).slice(0, -1)
    const deep = `{"destination":"U${'0'.repeat(32)}","events":[${event},"payload":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}]}`
    const neighbours = Array.from({ length: 5 }, () => unknownEvent())
    const [refused, ...accepted] = await Promise.all([
      postSigned(url, stack.channel.secret, deep),
      ...neighbours.map((e) => postSigned(url, stack.channel.secret, body([e]))),
    ])
    expect(refused.status).toBe(400)
    expect(JSON.parse(refused.body).error.fields).toEqual([
      { path: 'body.events.0', message: 'An event may nest at most 32 levels deep' },
    ])
    expect(accepted.map((r) => r.status)).toEqual(neighbours.map(() => 200))
  })

  it('answers 400 for an event with a NUL character, which PostgreSQL cannot store', async () => {
    const res = await postSigned(url, stack.channel.secret, body([{ ...unknownEvent(), note: 'a\u0000b' }]))
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error.fields).toEqual([
      { path: 'body.events.0', message: 'Text may not contain the NUL character (U+0000)' },
    ])
  })

  it('answers 400 for more than 1,000 events in one request', async () => {
    const res = await postSigned(
      url,
      stack.channel.secret,
      body(Array.from({ length: 1_001 }, () => unknownEvent())),
    )
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error.fields[0].path).toBe('body.events')
  })

  it('records an unknown event type without failing', async () => {
    const event = unknownEvent()
    const res = await postSigned(url, stack.channel.secret, body([event]))
    expect(res.status).toBe(200)
    await vi.waitFor(
      async () => {
        const row = await stack.prisma.webhookEvent.findUnique({ where: { id: event.webhookEventId } })
        expect(row?.type).toBe('somethingNew')
        expect(row?.processedAt).not.toBeNull()
      },
      { timeout: 10_000, interval: 100 },
    )
  })
})

describe('follow → greeting', () => {
  it('stores the friend with the profile from LINE and greets by reply', async () => {
    const user = await stack.sim.createUser('山田 花子')
    const { delivery } = await stack.sim.follow(user.userId)
    expect(delivery.statusCode).toBe(200)
    await vi.waitFor(
      async () => {
        const chat = await stack.sim.chat(user.userId)
        expect(chat.filter((m) => m.direction === 'bot')).toHaveLength(1)
      },
      { timeout: 10_000, interval: 100 },
    )
    const [greeting] = (await stack.sim.chat(user.userId)).filter((m) => m.direction === 'bot')
    expect(greeting?.via).toBe('reply')
    expect(greeting?.message.text).toBe('山田 花子さん、友だち追加ありがとうございます！')
    // The greeting is recorded once LINE has answered the reply: wait for that too.
    const friend = await vi.waitFor(
      async () => {
        const found = await stack.prisma.friend.findUniqueOrThrow({
          where: { channelId_lineUserId: { channelId: stack.channel.id, lineUserId: user.userId } },
          include: { messages: true },
        })
        expect(found.messages).toHaveLength(1)
        return found
      },
      { timeout: 10_000, interval: 100 },
    )
    expect(friend.displayName).toBe('山田 花子')
    expect(friend.status).toBe('following')
    expect(friend.messages).toMatchObject([
      { direction: 'outbound', sendMethod: 'reply', origin: 'greeting' },
    ])
  })

  it('greets exactly once when the same event is delivered twice (once as a redelivery)', async () => {
    const user = await stack.sim.createUser('重複 太郎')
    const { webhookEventId } = await stack.sim.follow(user.userId)
    const again = await stack.sim.redeliver(webhookEventId)
    expect(again.delivery.statusCode).toBe(200)
    await vi.waitFor(
      async () => {
        const friend = await stack.prisma.friend.findUnique({
          where: { channelId_lineUserId: { channelId: stack.channel.id, lineUserId: user.userId } },
          include: { messages: true },
        })
        expect(friend?.messages).toHaveLength(1)
      },
      { timeout: 10_000, interval: 100 },
    )
    // Give a wrongly started second run time to send, then check LINE saw one greeting.
    await new Promise((r) => setTimeout(r, 1000))
    const sends = (await stack.sim.chat(user.userId)).filter((m) => m.direction === 'bot')
    expect(sends).toHaveLength(1)
    expect(await stack.prisma.webhookEvent.count({ where: { id: webhookEventId } })).toBe(1)
  })

  it('handles several events of different users and types in one request', async () => {
    const users = await Promise.all(['一郎', '二郎', '三郎'].map((n) => stack.sim.createUser(n)))
    for (const u of users) await stack.sim.follow(u.userId)
    const now = Date.now()
    const common = (i: number) => ({
      webhookEventId: eventId(),
      timestamp: now + i,
      mode: 'active',
      source: { type: 'user', userId: users[i]!.userId },
      deliveryContext: { isRedelivery: false },
    })
    const events = [
      { ...common(0), type: 'message', replyToken: 'r0', message: { id: 'm0', type: 'text', text: 'いち' } },
      { ...common(1), type: 'postback', replyToken: 'r1', postback: { data: 'ni' } },
      {
        ...common(2),
        type: 'message',
        replyToken: 'r2',
        message: { id: 'm2', type: 'sticker', packageId: '446', stickerId: '1988' },
      },
      { ...unknownEvent(), type: 'beacon' },
    ]
    const { delivery } = await stack.sim.webhook(events)
    expect(delivery.statusCode).toBe(200)
    await vi.waitFor(
      async () => {
        const inbound = await stack.prisma.message.findMany({
          where: { direction: 'inbound', friend: { lineUserId: { in: users.map((u) => u.userId) } } },
          include: { friend: true },
        })
        expect(inbound.map((m) => `${m.friend.displayName}:${m.type}`).sort()).toEqual(
          ['一郎:text', '二郎:postback', '三郎:sticker'].sort(),
        )
        const beacon = await stack.prisma.webhookEvent.findUnique({
          where: { id: events[3]!.webhookEventId },
        })
        expect(beacon?.type).toBe('beacon')
      },
      { timeout: 15_000, interval: 100 },
    )
  })

  it('falls back to push with a retry key when the reply token has expired', async () => {
    await stack.stopWorker()
    const user = await stack.sim.createUser('遅延 次郎')
    await stack.sim.follow(user.userId)
    await stack.sim.advanceClock(61_000)
    await stack.startWorker()
    await vi.waitFor(
      async () => {
        const bot = (await stack.sim.chat(user.userId)).filter((m) => m.direction === 'bot')
        expect(bot).toHaveLength(1)
        expect(bot[0]?.via).toBe('push')
        expect(bot[0]?.retryKey).toMatch(/^[0-9a-f-]{36}$/)
      },
      { timeout: 15_000, interval: 100 },
    )
    const replies = (await stack.sim.requests('reply')).filter((r) => r.status === 400)
    expect(replies.length).toBeGreaterThanOrEqual(1)
  })
})

describe('message, postback and unfollow', () => {
  it('records what the friend sends, and marks a block while keeping the history', async () => {
    const user = await stack.sim.createUser('佐藤')
    await stack.sim.follow(user.userId)
    await stack.sim.sendText(user.userId, 'こんにちは')
    await stack.sim.postback(user.userId, 'action=buy&item=1')
    const key = { channelId_lineUserId: { channelId: stack.channel.id, lineUserId: user.userId } }
    await vi.waitFor(
      async () => {
        const friend = await stack.prisma.friend.findUnique({ where: key, include: { messages: true } })
        const inbound = friend?.messages.filter((m) => m.direction === 'inbound') ?? []
        expect(inbound.map((m) => m.type).sort()).toEqual(['postback', 'text'])
        expect(inbound.find((m) => m.type === 'text')?.content).toMatchObject({
          type: 'text',
          text: 'こんにちは',
        })
        expect(inbound.find((m) => m.type === 'postback')?.content).toMatchObject({
          data: 'action=buy&item=1',
        })
      },
      { timeout: 10_000, interval: 100 },
    )
    await stack.sim.unfollow(user.userId)
    await vi.waitFor(
      async () => {
        const friend = await stack.prisma.friend.findUniqueOrThrow({
          where: key,
          include: { messages: true },
        })
        expect(friend.status).toBe('blocked')
        expect(friend.blockedAt).not.toBeNull()
        expect(friend.messages.length).toBe(3)
      },
      { timeout: 10_000, interval: 100 },
    )
  })
})

/** A second API on the test stack's database with some settings changed (and optionally another Temporal). */
function apiWith(settings: Record<string, string>, temporal: Client = stack.temporal) {
  const env = loadEnv({ ...process.env, DATABASE_URL: stack.databaseUrl, LOG_LEVEL: 'silent', ...settings })
  return buildApi({ prisma: stack.prisma, temporal, env, taskQueue: stack.taskQueue }, { logger: false })
}

describe('durability', () => {
  it('answers 503 and stores nothing when Temporal is unreachable', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1' })
    const api = await apiWith({}, new Client({ connection }))
    try {
      const event = unknownEvent()
      const payload = JSON.stringify(body([event]))
      const res = await api.inject({
        method: 'POST',
        url: `/webhooks/line/${stack.channel.id}`,
        headers: {
          'content-type': 'application/json',
          'x-line-signature': sign(stack.channel.secret, payload),
        },
        payload,
      })
      expect(res.statusCode).toBe(503)
      expect(await stack.prisma.webhookEvent.count({ where: { id: event.webhookEventId } })).toBe(0)
      expect(await stack.prisma.webhookOutbox.count({ where: { id: event.webhookEventId } })).toBe(0)
    } finally {
      await api.close()
      await connection.close()
    }
  })

  it('greets once after the worker was down when the event arrived', async () => {
    await stack.stopWorker()
    const user = await stack.sim.createUser('停止中 さくら')
    const { delivery } = await stack.sim.follow(user.userId)
    expect(delivery.statusCode).toBe(200)
    await new Promise((r) => setTimeout(r, 1000))
    expect((await stack.sim.chat(user.userId)).filter((m) => m.direction === 'bot')).toHaveLength(0)
    await stack.startWorker()
    await vi.waitFor(
      async () =>
        expect((await stack.sim.chat(user.userId)).filter((m) => m.direction === 'bot')).toHaveLength(1),
      { timeout: 15_000, interval: 100 },
    )
  })

  it('greets exactly once when the worker process is killed while the greeting is in flight', async () => {
    await stack.stopWorker()
    await stack.startWorker('process')
    // LINE takes 2 s to answer the reply; the worker dies before it hears back.
    await stack.sim.setFaults({ endpoint: 'reply', latencyMs: 2000 })
    try {
      const user = await stack.sim.createUser('クラッシュ 健')
      await stack.sim.follow(user.userId)
      const key = { channelId_lineUserId: { channelId: stack.channel.id, lineUserId: user.userId } }
      // The friend is stored just before the greeting goes out: kill the worker while LINE holds the reply.
      await vi.waitFor(
        async () => expect(await stack.prisma.friend.count({ where: key.channelId_lineUserId })).toBe(1),
        {
          timeout: 15_000,
          interval: 50,
        },
      )
      await new Promise((r) => setTimeout(r, 800))
      await stack.stopWorker('kill')
      await stack.sim.clearFaults()
      await stack.startWorker('process')
      await vi.waitFor(
        async () => {
          const friend = await stack.prisma.friend.findUnique({ where: key, include: { messages: true } })
          expect(friend?.messages.filter((m) => m.origin === 'greeting')).toHaveLength(1)
        },
        { timeout: 60_000, interval: 200 },
      )
      const bot = (await stack.sim.chat(user.userId)).filter((m) => m.direction === 'bot')
      expect(bot).toHaveLength(1)
    } finally {
      await stack.sim.clearFaults()
      await stack.stopWorker()
      await stack.startWorker()
    }
  }, 150_000)
})

/** Every event processed, and none left in the outbox. */
async function expectRelayedAndProcessed(events: { webhookEventId: string }[]) {
  const ids = events.map((e) => e.webhookEventId)
  await vi.waitFor(
    async () => {
      expect(
        await stack.prisma.webhookEvent.count({ where: { id: { in: ids }, processedAt: { not: null } } }),
      ).toBe(ids.length)
      expect(await stack.prisma.webhookOutbox.count({ where: { id: { in: ids } } })).toBe(0)
    },
    { timeout: 20_000, interval: 200 },
  )
}

describe('the webhook outbox', () => {
  it('answers a burst (with a redelivery in it) 200 and processes every event once', async () => {
    const events = Array.from({ length: 20 }, () => unknownEvent())
    const responses = await Promise.all(
      [...events, events[0]!].map((e) => postSigned(url, stack.channel.secret, body([e]))),
    )
    expect(responses.map((r) => r.status)).toEqual([...events, events[0]].map(() => 200))
    await expectRelayedAndProcessed(events)
  })

  it('relays events an API queued but did not hand over before it stopped', async () => {
    const events = [unknownEvent(), unknownEvent()]
    // As an API that answered 200 and died before its relay ran would leave them.
    await webhookOutbox(stack.prisma).enqueue(
      stack.channel.id,
      body([]).destination,
      events as LineWebhookEvent[],
    )
    await expectRelayedAndProcessed(events)
  })
})

describe('readiness', () => {
  it('reports database, Temporal and worker ready', async () => {
    const res = await fetch(`${stack.apiUrl}/readyz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      ok: true,
      checks: { database: { ok: true }, temporal: { ok: true }, worker: { ok: true } },
    })
  })
})
