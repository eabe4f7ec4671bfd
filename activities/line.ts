import { HTTPFetchError, messagingApi } from '@line/bot-sdk'
import { ApplicationFailure } from '@temporalio/common'
import type { PrismaClient } from '../prisma/client'

export type LineClient = messagingApi.MessagingApiClient

/** One @line/bot-sdk client per channel, built from the channel row (real LINE or the simulator). */
export interface LineClients {
  forChannel(channelId: string): Promise<LineClient>
}

export function createLineClients(prisma: PrismaClient): LineClients {
  const cache = new Map<string, { key: string; client: LineClient }>()
  return {
    async forChannel(channelId) {
      const channel = await prisma.channel.findUniqueOrThrow({ where: { id: channelId } })
      // Keyed by credentials too, so a rotated token or moved base URL takes effect at once.
      const key = `${channel.accessToken}\n${channel.apiBaseUrl}`
      const cached = cache.get(channelId)
      if (cached?.key === key) return cached.client
      const client = new messagingApi.MessagingApiClient({
        channelAccessToken: channel.accessToken,
        baseURL: channel.apiBaseUrl,
      })
      cache.set(channelId, { key, client })
      return client
    },
  }
}

/** LINE's error body message, or the raw body when it is not LINE-shaped. */
export function lineErrorMessage(err: HTTPFetchError): string {
  try {
    const body = JSON.parse(err.body) as { message?: string }
    return body.message ?? err.body
  } catch {
    return err.body
  }
}

export const LINE_REJECTED = 'LineRejected'

/**
 * Turns a LINE failure into what Temporal should do with it: a request LINE refuses (4xx, or the
 * monthly quota) will be refused again, so it fails at once with LINE's message; 429 rate limits,
 * 5xx and network errors are retried.
 */
export function toActivityFailure(err: unknown): Error {
  if (!(err instanceof HTTPFetchError)) return err instanceof Error ? err : new Error(String(err))
  const message = `LINE ${err.status}: ${lineErrorMessage(err)}`
  const monthlyLimit = err.status === 429 && /monthly limit/i.test(err.body)
  if ((err.status >= 400 && err.status < 500 && err.status !== 429) || monthlyLimit) {
    return ApplicationFailure.nonRetryable(message, LINE_REJECTED, {
      status: err.status,
      requestId: err.headers.get('x-line-request-id'),
    })
  }
  return ApplicationFailure.retryable(message, 'LineUnavailable')
}
