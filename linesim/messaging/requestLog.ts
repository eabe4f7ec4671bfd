import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Sim } from '../sim'
import { endpointByRoute, requestInfo } from './requestInfo'

/** nginx's "client closed request": the caller went away before LINE handled the request. */
export const CLIENT_CLOSED_REQUEST = 499

function parseJson(payload: unknown): unknown {
  if (typeof payload !== 'string' || payload === '') return null
  try {
    return JSON.parse(payload)
  } catch {
    return payload
  }
}

/** Every authenticated request goes to the channel's request log once, whatever its outcome. */
export function logRequest(
  sim: Sim,
  request: FastifyRequest,
  reply: FastifyReply,
  status = reply.statusCode,
): void {
  const info = requestInfo(request)
  const channel = info?.channel
  if (!info || !channel || info.logged) return
  info.logged = true
  const routeKey = `${request.method} ${request.routeOptions.url ?? ''}`
  const accepted = reply.getHeader('x-line-accepted-request-id')
  channel.requests.push({
    requestId: info.requestId,
    at: sim.clock.iso(info.at),
    method: request.method,
    path: request.url,
    endpoint: info.endpoint ?? endpointByRoute.get(routeKey) ?? 'unknown',
    status,
    body: request.body ?? null,
    retryKey: info.retryKey ?? (request.headers['x-line-retry-key'] as string | undefined) ?? null,
    ...(typeof accepted === 'string' ? { acceptedRequestId: accepted } : {}),
    response: parseJson(info.payload),
    ...(info.fault ? { fault: true } : {}),
  })
  sim.store.trimLogs(channel)
}
