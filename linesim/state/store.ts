import { newBasicId, newUserId } from '../ids'
import type { ChannelConfig, ChannelState, SimState } from './types'

export function emptyState(): SimState {
  return { version: 1, clockOffsetMs: 0, channels: {} }
}

export function emptyChannel(config: ChannelConfig): ChannelState {
  return {
    config,
    limits: { rateLimits: {}, monthlyQuota: null },
    users: {},
    chats: {},
    requests: [],
    deliveries: [],
    events: {},
    retryKeys: {},
    replyTokens: {},
    markAsReadTokens: {},
    quotaUsage: {},
    narrowcasts: {},
  }
}

export interface ChannelInput {
  secret: string
  accessToken: string
  webhookUrl?: string | null
  name?: string
  botUserId?: string
}

export class DuplicateAccessTokenError extends Error {}

/** 24 h: how long LINE remembers an accepted retry key. */
export const RETRY_KEY_TTL_MS = 24 * 3_600_000
/** A reply token can be extended by redelivery up to 20 min after the event; forget it after that. */
const REPLY_TOKEN_FORGET_MS = 20 * 60_000

/**
 * All simulator state as plain JSON-able objects, so persistence is `JSON.stringify` and a restarted dev
 * stack keeps its simulated friends and chats.
 */
export class SimStore {
  state: SimState

  constructor(
    initial: SimState = emptyState(),
    private readonly maxLogEntries = 2000,
  ) {
    this.state = initial
  }

  reset(): void {
    this.state = emptyState()
  }

  channel(channelId: string): ChannelState | undefined {
    return this.state.channels[channelId]
  }

  channels(): ChannelState[] {
    return Object.values(this.state.channels)
  }

  channelByAccessToken(token: string): ChannelState | undefined {
    return this.channels().find((c) => c.config.accessToken === token)
  }

  /** Idempotent upsert: a PUT with the same body changes nothing; botUserId and basicId stay once made. */
  upsertChannel(channelId: string, input: ChannelInput, now: number): ChannelState {
    const clash = this.channelByAccessToken(input.accessToken)
    if (clash && clash.config.channelId !== channelId) {
      throw new DuplicateAccessTokenError(`access token already used by channel ${clash.config.channelId}`)
    }
    const existing = this.state.channels[channelId]
    const config: ChannelConfig = {
      channelId,
      name: input.name ?? existing?.config.name ?? `Channel ${channelId}`,
      secret: input.secret,
      accessToken: input.accessToken,
      webhookUrl: input.webhookUrl ?? null,
      botUserId: input.botUserId ?? existing?.config.botUserId ?? newUserId(),
      basicId: existing?.config.basicId ?? newBasicId(),
      createdAt: existing?.config.createdAt ?? new Date(now).toISOString(),
    }
    if (existing) {
      existing.config = config
      return existing
    }
    const channel = emptyChannel(config)
    this.state.channels[channelId] = channel
    return channel
  }

  deleteChannel(channelId: string): boolean {
    if (!this.state.channels[channelId]) return false
    delete this.state.channels[channelId]
    return true
  }

  /** Keeps logs bounded: a long dev session should not grow the state file without end. */
  trimLogs(channel: ChannelState): void {
    const max = this.maxLogEntries
    if (channel.requests.length > max) channel.requests.splice(0, channel.requests.length - max)
    if (channel.deliveries.length > max) channel.deliveries.splice(0, channel.deliveries.length - max)
    const eventIds = Object.keys(channel.events)
    if (eventIds.length > max * 4) {
      for (const id of eventIds.slice(0, eventIds.length - max * 4)) delete channel.events[id]
    }
  }

  /** Drops retry keys older than 24 h and reply tokens that can no longer become valid. */
  prune(channel: ChannelState, now: number): void {
    for (const [key, record] of Object.entries(channel.retryKeys)) {
      if (now - record.acceptedAt >= RETRY_KEY_TTL_MS) delete channel.retryKeys[key]
    }
    for (const [token, record] of Object.entries(channel.replyTokens)) {
      const horizon = Math.max(record.expiresAt, record.eventTimestamp + REPLY_TOKEN_FORGET_MS)
      if (now > horizon) delete channel.replyTokens[token]
    }
  }
}
