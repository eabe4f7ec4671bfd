import type { FastifyRequest } from 'fastify'
import type { Endpoint } from '../limits/endpoints'
import type { ChannelState } from '../state/types'

/** What the simulator learns about a Messaging API request while handling it (for the request log). */
export interface RequestInfo {
  requestId: string
  at: number
  channel?: ChannelState
  endpoint?: Endpoint
  retryKey?: string | null
  acceptedRequestId?: string
  payload?: unknown
  fault?: boolean
  logged?: boolean
}

// A WeakMap rather than a Fastify request decoration: no global type augmentation leaks into the api
// package that shares this TypeScript project.
const infos = new WeakMap<FastifyRequest, RequestInfo>()

export function setRequestInfo(request: FastifyRequest, info: RequestInfo): void {
  infos.set(request, info)
}

export function requestInfo(request: FastifyRequest): RequestInfo | undefined {
  return infos.get(request)
}

/** Which endpoint a route is (`POST /v2/bot/message/push`), so the log can name it when the body never parsed. */
export const endpointByRoute = new Map<string, Endpoint>()
