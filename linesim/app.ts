import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { adminPlugin } from './admin/plugin'
import { SimClock } from './clock'
import { LineApiError, messageForStatus } from './errors'
import { FaultInjector } from './faults'
import { newRequestId } from './ids'
import { RateLimiter } from './limits/rateLimiter'
import { DEFAULT_RATE_LIMITS, normalizeOverrides, type RateLimitOverrides } from './limits/rateLimits'
import { NarrowcastRunner } from './messaging/narrowcastRunner'
import { messagingPlugin } from './messaging/plugin'
import { setRequestInfo } from './messaging/requestInfo'
import type { Sim } from './sim'
import { StatePersistence } from './state/persistence'
import { SimStore } from './state/store'
import { WebhookSender } from './webhook/sender'

export interface SimulatorOptions {
  /** The base clock in ms (default Date.now); `/_sim/clock/advance` adds an offset on top. */
  clock?: () => number
  /** JSON file to load on start and save (debounced) on change, so a restarted dev stack keeps its friends. */
  stateFile?: string
  /** Installation-wide overrides of LINE's per-channel rate limits. */
  rateLimits?: RateLimitOverrides
  logger?: FastifyServerOptions['logger']
  /** Used to deliver webhooks (default: global fetch). */
  fetch?: typeof fetch
  /** LINE counts a webhook as failed (request_timeout) after 2 s; default 2000. */
  webhookTimeoutMs?: number
  /** Source of randomness for fault error rates (default Math.random). */
  random?: () => number
  /** Real time between narrowcast phases (default 200 ms). */
  narrowcastStepMs?: number
  /** Debounce of state-file writes (default 200 ms). */
  saveDebounceMs?: number
  /** Request-log and delivery-log entries kept per channel (default 2000). */
  maxLogEntries?: number
}

const sims = new WeakMap<FastifyInstance, Sim>()

/** The simulator behind an app made by createSimulatorApp (tests use it to reach state directly). */
export function simulatorOf(app: FastifyInstance): Sim {
  const sim = sims.get(app)
  if (!sim) throw new Error('not a LINE simulator app')
  return sim
}

// Admin bodies (fixtures, many events) may be larger than LINE's 2 MB; the Messaging API routes set 2 MB.
const ADMIN_BODY_LIMIT = 20 * 1024 * 1024

export function createSimulatorApp(options: SimulatorOptions = {}): FastifyInstance {
  // Its admin API has no authentication: a production install talks to the real LINE only.
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'The LINE simulator is a development and test tool: it does not run with NODE_ENV=production',
    )
  }
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: ADMIN_BODY_LIMIT })
  const store = new SimStore(undefined, options.maxLogEntries ?? 2000)
  const persistence = options.stateFile
    ? new StatePersistence(options.stateFile, store, options.saveDebounceMs ?? 200, (m) => app.log.warn(m))
    : null
  const loaded = persistence?.load()
  if (loaded) store.state = loaded

  const clock = new SimClock(
    options.clock ?? Date.now,
    () => store.state.clockOffsetMs,
    (offset) => {
      store.state.clockOffsetMs = offset
    },
  )
  const narrowcasts = new NarrowcastRunner(options.narrowcastStepMs ?? 200)
  const sim: Sim = {
    store,
    clock,
    faults: new FaultInjector(),
    rateLimiter: new RateLimiter(),
    webhooks: new WebhookSender({
      store,
      clock,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: options.webhookTimeoutMs ?? 2000,
    }),
    narrowcasts,
    persistence,
    random: options.random ?? Math.random,
    rateLimits: { ...DEFAULT_RATE_LIMITS, ...normalizeOverrides(options.rateLimits) },
    changed: () => persistence?.schedule(),
  }
  narrowcasts.attach(sim)
  narrowcasts.resumeAll()
  sims.set(app, sim)

  // An empty body is allowed (LINE's webhook test takes an optional body); broken JSON is LINE's 400.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') return done(null, undefined)
    try {
      done(null, JSON.parse(text))
    } catch {
      done(new LineApiError(400, 'The request body could not be parsed as JSON'), undefined)
    }
  })

  app.addHook('onRequest', async (request, reply) => {
    const requestId = newRequestId()
    setRequestInfo(request, { requestId, at: clock.now() })
    reply.header('x-line-request-id', requestId)
  })

  app.addHook('onResponse', async (request) => {
    // Reading the admin API changes nothing; everything else may have (request log, chats, state).
    if (!(request.method === 'GET' && request.url.startsWith('/_sim'))) sim.changed()
  })

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof LineApiError) {
      if (error.headers) reply.headers(error.headers)
      return reply.status(error.statusCode).send(error.body())
    }
    const status = (error as { statusCode?: number }).statusCode
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return reply.status(status).send({ message: messageForStatus(status) })
    }
    request.log.error(error)
    return reply.status(500).send({ message: 'Internal server error' })
  })

  app.setNotFoundHandler(async (_request, reply) => reply.status(404).send({ message: 'Not found' }))

  app.register(messagingPlugin(sim), { prefix: '/v2/bot' })
  app.register(adminPlugin(sim), { prefix: '/_sim' })

  app.addHook('onClose', async () => {
    narrowcasts.stop()
    await persistence?.flush()
  })

  return app
}

export type { Sim } from './sim'
export type { Endpoint } from './limits/endpoints'
export { ENDPOINTS } from './limits/endpoints'
export type { RateLimit, RateLimitInput, RateLimitOverrides } from './limits/rateLimits'
export { DEFAULT_RATE_LIMITS } from './limits/rateLimits'
export type { FaultInput, FaultRule } from './faults'
export type * from './state/types'
export { signWebhookBody } from './webhook/signature'
export { USER_ID_PATTERN } from './ids'
