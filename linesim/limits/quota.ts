import { LineApiError } from '../errors'
import type { ChannelState } from '../state/types'

const JST_OFFSET_MS = 9 * 3_600_000

/** LINE's message count resets monthly; months are taken in Japan time, where LINE bills. */
export function quotaMonth(now: number): string {
  return new Date(now + JST_OFFSET_MS).toISOString().slice(0, 7)
}

export function quotaUsage(channel: ChannelState, now: number): number {
  return channel.quotaUsage[quotaMonth(now)] ?? 0
}

export function remainingQuota(channel: ChannelState, now: number): number | null {
  const limit = channel.limits.monthlyQuota
  if (limit === null) return null
  return Math.max(0, limit - quotaUsage(channel, now))
}

/** 429 when delivering to `recipients` more friends would pass the monthly limit; nothing is sent then. */
export function assertQuota(channel: ChannelState, recipients: number, now: number): void {
  if (recipients === 0) return
  const remaining = remainingQuota(channel, now)
  if (remaining !== null && recipients > remaining) {
    throw new LineApiError(429, 'You have reached your monthly limit.')
  }
}

/** Push, multicast, narrowcast and broadcast count one per delivered recipient (not per message object). */
export function consumeQuota(channel: ChannelState, recipients: number, now: number): void {
  if (recipients === 0) return
  const month = quotaMonth(now)
  channel.quotaUsage[month] = (channel.quotaUsage[month] ?? 0) + recipients
}
