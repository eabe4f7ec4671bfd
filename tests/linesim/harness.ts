import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { validateSignature } from '@line/bot-sdk'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import { createSimulatorApp, simulatorOf, type SimulatorOptions } from '../../linesim/app'
import type { Sim } from '../../linesim/sim'

/** One webhook request as the receiver saw it. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  rawBody: string
  body: { destination: string; events: Record<string, unknown>[] }
  signatureValid: boolean
}

/**
 * A tiny stand-in for Enishi's webhook endpoint: it checks LINE's signature on the raw bytes (with the
 * SDK's validateSignature, i.e. what a real bot does) and answers 200 unless told otherwise.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = []
  status = 200
  delayMs = 0
  /** Runs before answering (e.g. to reply with the token while LINE waits). */
  onWebhook: ((hook: ReceivedWebhook) => Promise<void> | void) | null = null
  private server: Server | null = null
  url = ''

  constructor(private readonly secret: string) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', async () => {
        const rawBody = Buffer.concat(chunks).toString('utf8')
        const signature = req.headers['x-line-signature']
        const hook: ReceivedWebhook = {
          headers: req.headers,
          rawBody,
          body: JSON.parse(rawBody),
          signatureValid: typeof signature === 'string' && validateSignature(rawBody, this.secret, signature),
        }
        this.received.push(hook)
        if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs))
        await this.onWebhook?.(hook)
        res.writeHead(hook.signatureValid ? this.status : 401, { 'content-type': 'application/json' })
        res.end('{}')
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}

/** Test bodies are read loosely: the assertions are what checks their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any

export interface HttpResult<T = Loose> {
  status: number
  headers: Headers
  body: T
}

export async function http<T = Loose>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
}

export interface Harness {
  app: FastifyInstance
  sim: Sim
  url: string
  receiver: WebhookReceiver
  channelId: string
  secret: string
  accessToken: string
  /** Calls the admin API (`path` below `/_sim`). */
  admin<T = Loose>(method: string, path: string, body?: unknown): Promise<HttpResult<T>>
  /** Calls the Messaging API as the channel (`path` below `/v2/bot`). */
  line<T = Loose>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResult<T>>
  /** Creates a simulated user; `follow` (default true) makes it a friend. */
  user(displayName?: string, follow?: boolean): Promise<string>
  chat(userId: string): Promise<Array<Record<string, Loose>>>
  close(): Promise<void>
}

let counter = 0

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  counter++
  const channelId = `ch${counter}`
  const secret = `secret-${counter}-${Math.random().toString(36).slice(2)}`
  const accessToken = `token-${counter}-${Math.random().toString(36).slice(2)}`
  const receiver = new WebhookReceiver(secret)
  await receiver.start()
  const app = createSimulatorApp({ logger: false, ...options })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`

  const admin = <T>(method: string, path: string, body?: unknown) =>
    http<T>(method, `${url}/_sim${path}`, body)
  const line = <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    http<T>(method, `${url}/v2/bot${path}`, body, { authorization: `Bearer ${accessToken}`, ...headers })

  const put = await admin('PUT', `/channels/${channelId}`, { secret, accessToken, webhookUrl: receiver.url })
  if (put.status !== 200) throw new Error(`channel setup failed: ${JSON.stringify(put.body)}`)

  return {
    app,
    sim: simulatorOf(app),
    url,
    receiver,
    channelId,
    secret,
    accessToken,
    admin,
    line,
    async user(displayName = 'テスト', follow = true) {
      const created = await admin<{ userId: string }>('POST', `/channels/${channelId}/users`, { displayName })
      if (follow) await admin('POST', `/channels/${channelId}/users/${created.body.userId}/follow`)
      return created.body.userId
    },
    async chat(userId) {
      return (
        await admin<{ items: Array<Record<string, Loose>> }>(
          'GET',
          `/channels/${channelId}/users/${userId}/chat`,
        )
      ).body.items
    },
    async close() {
      await app.close()
      await receiver.stop()
    },
  }
}

/** A simulator for one test file: started before its tests (handed to `use`), closed after them. */
export function useHarness(use: (h: Harness) => unknown, options?: SimulatorOptions): void {
  let harness: Harness | undefined
  beforeAll(async () => {
    harness = await startHarness(options)
    await use(harness)
  })
  afterAll(() => harness?.close())
}

export const text = (t: string) => ({ type: 'text', text: t })

/** A URL on a local port nobody listens on (a just-closed one; fetch refuses "bad ports" like 9). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}/webhook`
}
