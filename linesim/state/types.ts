import type { Endpoint } from '../limits/endpoints'
import type { RateLimit } from '../limits/rateLimits'

/** A JSON object as it travels in webhooks and message bodies. */
export type JsonObject = { [key: string]: unknown }

/** 'none': never followed (or never added us); 'blocked': followed, then blocked the account. */
export type FollowState = 'none' | 'following' | 'blocked'

export interface SimUser {
  userId: string
  displayName: string
  pictureUrl: string | null
  statusMessage: string | null
  language: string | null
  followState: FollowState
  createdAt: string
  followedAt: string | null
  blockedAt: string | null
  /** Set by the loading-animation endpoint; a delivered message ends it, as on LINE. */
  loadingUntil: string | null
}

export type SendVia = 'reply' | 'push' | 'multicast' | 'broadcast' | 'narrowcast'

export interface ChatItem {
  id: string
  direction: 'user' | 'bot'
  at: string
  /** The LINE message object: as sent by the bot, or as carried in the user's message event. */
  message: JsonObject
  via?: SendVia
  requestId?: string
  retryKey?: string
  /** When the bot marked this user message as read (markAsRead). */
  readAt?: string
}

export interface SentMessage {
  id: string
  quoteToken?: string
}

export interface RequestLogEntry {
  requestId: string
  at: string
  method: string
  path: string
  endpoint: Endpoint | 'unknown'
  status: number
  body: unknown
  retryKey: string | null
  /** Set on a 409: the request that first used the retry key. */
  acceptedRequestId?: string
  response: unknown
  /** True when fault injection decided the outcome. */
  fault?: boolean
}

export type DeliveryKind = 'events' | 'redelivery' | 'webhookTest'

/** LINE's webhook error reasons (as in the console's statistics and the webhook test endpoint). */
export type DeliveryReason =
  'ok' | 'error_status_code' | 'request_timeout' | 'could_not_connect' | 'unclassified'

export interface DeliveryRecord {
  id: string
  at: string
  kind: DeliveryKind
  url: string | null
  destination: string
  events: JsonObject[]
  signature: string
  statusCode: number | null
  reason: DeliveryReason
  error?: string
  durationMs: number
  responseBody?: string
}

export interface StoredEvent {
  /** As first sent (deliveryContext.isRedelivery false). */
  event: JsonObject
  firstSentAt: number
}

export interface RetryKeyRecord {
  requestId: string
  endpoint: Endpoint
  acceptedAt: number
  sentMessages?: SentMessage[]
}

export interface ReplyTokenRecord {
  userId: string | null
  webhookEventId: string | null
  eventTimestamp: number
  expiresAt: number
  usedAt: number | null
}

export interface MarkAsReadTokenRecord {
  userId: string
  messageId: string
}

export type NarrowcastPhase = 'waiting' | 'sending' | 'succeeded' | 'failed'

export interface NarrowcastJob {
  requestId: string
  phase: NarrowcastPhase
  acceptedAt: number
  completedAt: number | null
  successCount: number
  failureCount: number
  targetCount: number
  messages: JsonObject[]
  limitMax: number | null
  upToRemainingQuota: boolean
  retryKey: string | null
  failedDescription?: string
  errorCode?: number
}

export interface ChannelConfig {
  channelId: string
  name: string
  secret: string
  accessToken: string
  webhookUrl: string | null
  botUserId: string
  basicId: string
  createdAt: string
}

export interface ChannelLimits {
  rateLimits: Partial<Record<Endpoint, RateLimit>>
  /** null: no monthly limit (quota type 'none'). */
  monthlyQuota: number | null
}

export interface ChannelState {
  config: ChannelConfig
  limits: ChannelLimits
  users: Record<string, SimUser>
  chats: Record<string, ChatItem[]>
  requests: RequestLogEntry[]
  deliveries: DeliveryRecord[]
  events: Record<string, StoredEvent>
  retryKeys: Record<string, RetryKeyRecord>
  replyTokens: Record<string, ReplyTokenRecord>
  markAsReadTokens: Record<string, MarkAsReadTokenRecord>
  /** Delivered recipients per month (`YYYY-MM`, Japan time). */
  quotaUsage: Record<string, number>
  narrowcasts: Record<string, NarrowcastJob>
}

export interface SimState {
  version: 1
  clockOffsetMs: number
  channels: Record<string, ChannelState>
}
