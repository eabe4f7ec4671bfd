import { HTTPFetchError, type messagingApi } from '@line/bot-sdk'
import { Context } from '@temporalio/activity'
import type { PrismaClient } from '../prisma/client'
import { lineErrorMessage, toActivityFailure, type LineClients } from './line'

/** LINE keeps a reply token for one minute; leave headroom for the request itself. */
const REPLY_TOKEN_TTL_MS = 60_000
const REPLY_TOKEN_MARGIN_MS = 5_000

export interface SendToFriendInput {
  channelId: string
  friendId: string
  lineUserId: string
  messages: messagingApi.Message[]
  /** Derived deterministically in the workflow: the same send always carries the same key. */
  retryKey: string
  origin: string
  /** Reply first (free) when the triggering event's token is still fresh. */
  replyToken?: string
  eventTimestamp?: number
}

export interface SendResult {
  method: 'reply' | 'push'
  requestId?: string
}

function isInvalidReplyToken(err: unknown): boolean {
  return err instanceof HTTPFetchError && err.status === 400 && /reply token/i.test(lineErrorMessage(err))
}

export function sendActivities(prisma: PrismaClient, line: LineClients) {
  /** Stores what was sent and returns the outcome; sentIds are LINE's message IDs when known. */
  async function record(
    input: SendToFriendInput,
    result: SendResult,
    sentIds: (string | undefined)[] = [],
  ): Promise<SendResult> {
    const now = new Date()
    await prisma.$transaction([
      prisma.message.createMany({
        // IDs derived from the retry key: recording the same send twice is a no-op.
        data: input.messages.map((message, i) => ({
          id: `${input.retryKey}-${i}`,
          channelId: input.channelId,
          friendId: input.friendId,
          direction: 'outbound' as const,
          type: message.type,
          content: message as object,
          lineMessageId: sentIds[i] ?? null,
          sendMethod: result.method,
          retryKey: input.retryKey,
          lineRequestId: result.requestId ?? null,
          origin: input.origin,
          createdAt: now,
        })),
        skipDuplicates: true,
      }),
      prisma.friend.update({ where: { id: input.friendId }, data: { lastMessageAt: now } }),
    ])
    return result
  }

  /** The outcome of a send LINE answered with 200. */
  function delivered(
    input: SendToFriendInput,
    method: SendResult['method'],
    { httpResponse, body }: { httpResponse: Response; body: { sentMessages: { id: string }[] } },
  ): Promise<SendResult> {
    const requestId = httpResponse.headers.get('x-line-request-id') ?? undefined
    return record(
      input,
      { method, requestId },
      body.sentMessages.map((m) => m.id),
    )
  }

  return {
    /**
     * Sends to one friend exactly once: by reply while the token is fresh, else by push with
     * `X-Line-Retry-Key` (a 409 means LINE already accepted it). A retried attempt that finds a
     * fresh token already used knows its earlier attempt delivered: only a successful reply uses it.
     */
    async sendToFriend(input: SendToFriendInput): Promise<SendResult> {
      const client = await line.forChannel(input.channelId)
      const { attempt } = Context.current().info
      const tokenAge = Date.now() - (input.eventTimestamp ?? 0)
      if (input.replyToken && tokenAge < REPLY_TOKEN_TTL_MS - REPLY_TOKEN_MARGIN_MS) {
        try {
          const response = await client.replyMessageWithHttpInfo({
            replyToken: input.replyToken,
            messages: input.messages,
          })
          return await delivered(input, 'reply', response)
        } catch (err) {
          if (!isInvalidReplyToken(err)) throw toActivityFailure(err)
          if (attempt > 1 && tokenAge < REPLY_TOKEN_TTL_MS) return record(input, { method: 'reply' })
        }
      }
      try {
        const response = await client.pushMessageWithHttpInfo(
          { to: input.lineUserId, messages: input.messages },
          input.retryKey,
        )
        return await delivered(input, 'push', response)
      } catch (err) {
        if (err instanceof HTTPFetchError && err.status === 409) {
          const requestId = err.headers.get('x-line-accepted-request-id') ?? undefined
          return record(input, { method: 'push', requestId })
        }
        throw toActivityFailure(err)
      }
    },
  }
}
