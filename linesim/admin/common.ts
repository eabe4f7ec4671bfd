import { z } from 'zod'
import { LineApiError } from '../errors'
import type { Sim } from '../sim'
import type { ChannelState, DeliveryRecord, SimUser } from '../state/types'
import { issuesToDetails } from '../validation/details'

/** Parses admin input with zod; failures answer 400 in the same `{message, details}` shape as LINE. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {})
  if (!result.success) {
    throw new LineApiError(400, 'Invalid request', issuesToDetails(result.error.issues))
  }
  return result.data
}

export const channelIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Must match ^[A-Za-z0-9_-]{1,64}$')
export const channelParams = z.object({ channelId: channelIdSchema })
export const userParams = z.object({ channelId: channelIdSchema, userId: z.string().min(1) })

export function requireChannel(sim: Sim, params: unknown): ChannelState {
  const { channelId } = parseInput(channelParams, params)
  const channel = sim.store.channel(channelId)
  if (!channel) throw new LineApiError(404, `Channel ${channelId} not found`)
  return channel
}

export function requireUser(sim: Sim, params: unknown): { channel: ChannelState; user: SimUser } {
  const channel = requireChannel(sim, params)
  const { userId } = parseInput(userParams, params)
  const user = channel.users[userId]
  if (!user) throw new LineApiError(404, `User ${userId} not found`)
  return { channel, user }
}

export function channelView(channel: ChannelState): Record<string, unknown> {
  return { ...channel.config }
}

export function userView(user: SimUser): Record<string, unknown> {
  return { ...user }
}

/** What the admin API says about a webhook request it just sent. */
export function deliverySummary(record: DeliveryRecord): Record<string, unknown> {
  return {
    id: record.id,
    statusCode: record.statusCode,
    reason: record.reason,
    ...(record.error ? { error: record.error } : {}),
    durationMs: record.durationMs,
  }
}
