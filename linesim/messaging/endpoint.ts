import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { LineApiError, messageForStatus } from '../errors'
import type { Endpoint } from '../limits/endpoints'
import { rateLimitFor, type Sim } from '../sim'
import type { ChannelState } from '../state/types'
import { endpointByRoute, requestInfo, type RequestInfo } from './requestInfo'
import { CLIENT_CLOSED_REQUEST, logRequest } from './requestLog'
import { readRetryKey } from './retryKeys'

/** LINE refuses request bodies over 2 MB with 413. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024

export interface EndpointContext {
  sim: Sim
  channel: ChannelState
  request: FastifyRequest
  requestId: string
  now: number
  retryKey: string | null
  info: RequestInfo
}

export interface EndpointResult {
  status?: number
  body: unknown
  headers?: Record<string, string>
}

export interface EndpointDefinition {
  method: 'GET' | 'POST' | 'PUT'
  url: string
  endpoint: Endpoint
}

/**
 * Registers one Messaging API endpoint behind what LINE does first for every request: fault injection
 * (latency, errors, outages), the per-channel rate limit and the retry-key header rules. Authentication
 * already happened in the plugin's onRequest hook.
 */
export function defineEndpoint(
  app: FastifyInstance,
  sim: Sim,
  definition: EndpointDefinition,
  handler: (ctx: EndpointContext) => EndpointResult | Promise<EndpointResult>,
): void {
  endpointByRoute.set(`${definition.method} ${app.prefix}${definition.url}`, definition.endpoint)
  app.route({
    method: definition.method,
    url: definition.url,
    bodyLimit: MAX_BODY_BYTES,
    handler: async (request, reply) => {
      const info = requestInfo(request)
      const channel = info?.channel
      if (!info || !channel) throw new LineApiError(401, 'Authentication failed')
      info.endpoint = definition.endpoint

      const fault = sim.faults.decide(definition.endpoint, sim.clock.now(), sim.random)
      if (fault.latencyMs > 0) {
        // Latency is the request still on its way to LINE: a caller that gives up (or crashes) meanwhile
        // was never heard, so nothing happens. Use a fault with phase 'after' for work done but unanswered.
        let closed = false
        reply.raw.once('close', () => {
          if (!reply.raw.writableFinished) closed = true
        })
        await sleep(fault.latencyMs)
        if (closed || request.raw.socket?.destroyed) {
          info.fault = true
          logRequest(sim, request, reply, CLIENT_CLOSED_REQUEST)
          throw new LineApiError(CLIENT_CLOSED_REQUEST, 'Client closed request')
        }
      }
      if (fault.failure?.phase === 'before') {
        info.fault = true
        throw new LineApiError(fault.failure.status, messageForStatus(fault.failure.status))
      }

      const now = sim.clock.now()
      const limit = rateLimitFor(sim, channel, definition.endpoint)
      if (!sim.rateLimiter.tryAcquire(`${channel.config.channelId}:${definition.endpoint}`, limit, now)) {
        throw new LineApiError(429, 'Too Many Requests')
      }
      const retryKey = readRetryKey(request.headers['x-line-retry-key'], definition.endpoint)
      info.retryKey = retryKey

      const result = await handler({ sim, channel, request, requestId: info.requestId, now, retryKey, info })
      if (fault.failure?.phase === 'after') {
        // The work is done (messages delivered, retry key accepted) but the caller never hears about it.
        info.fault = true
        throw new LineApiError(fault.failure.status, messageForStatus(fault.failure.status))
      }
      reply.status(result.status ?? 200)
      if (result.headers) reply.headers(result.headers)
      return result.body
    },
  })
}
