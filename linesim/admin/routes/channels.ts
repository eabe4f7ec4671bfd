import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LineApiError } from '../../errors'
import { USER_ID_PATTERN } from '../../ids'
import { ENDPOINTS, type Endpoint } from '../../limits/endpoints'
import { quotaMonth, quotaUsage } from '../../limits/quota'
import { normalizeRateLimit, rateLimitInputSchema, type RateLimit } from '../../limits/rateLimits'
import { rateLimitFor, type Sim } from '../../sim'
import { DuplicateAccessTokenError } from '../../state/store'
import type { ChannelState } from '../../state/types'
import { channelParams, channelView, parseInput, requireChannel } from '../common'

const channelBody = z.object({
  secret: z.string().min(1),
  accessToken: z.string().min(1),
  webhookUrl: z.url().nullable().optional(),
  name: z.string().min(1).max(100).optional(),
  botUserId: z.string().regex(USER_ID_PATTERN, 'Must match ^U[0-9a-f]{32}$').optional(),
})

const limitsBody = z.object({
  /** Per endpoint: a limit (see rateLimitInputSchema) or null to go back to the default. */
  rateLimits: z.partialRecord(z.enum(ENDPOINTS), rateLimitInputSchema.nullable()).optional(),
  /** Messages per month; null means no limit (quota type 'none'). */
  monthlyQuota: z.number().int().min(0).nullable().optional(),
  /** Sets this month's consumption, to test a nearly exhausted quota without sending thousands. */
  totalUsage: z.number().int().min(0).optional(),
})

function limitsView(sim: Sim, channel: ChannelState): Record<string, unknown> {
  const now = sim.clock.now()
  const effective = Object.fromEntries(ENDPOINTS.map((e) => [e, rateLimitFor(sim, channel, e)]))
  return {
    rateLimits: effective,
    overrides: channel.limits.rateLimits,
    monthlyQuota: channel.limits.monthlyQuota,
    month: quotaMonth(now),
    totalUsage: quotaUsage(channel, now),
  }
}

export function channelRoutes(app: FastifyInstance, sim: Sim): void {
  app.put('/channels/:channelId', async (request) => {
    const { channelId } = parseInput(channelParams, request.params)
    const body = parseInput(channelBody, request.body)
    try {
      return channelView(sim.store.upsertChannel(channelId, body, sim.clock.now()))
    } catch (error) {
      if (error instanceof DuplicateAccessTokenError) throw new LineApiError(409, error.message)
      throw error
    }
  })

  app.get('/channels', async () => ({ channels: sim.store.channels().map(channelView) }))

  app.get('/channels/:channelId', async (request) => channelView(requireChannel(sim, request.params)))

  app.delete('/channels/:channelId', async (request) => {
    const channel = requireChannel(sim, request.params)
    sim.store.deleteChannel(channel.config.channelId)
    sim.rateLimiter.reset(`${channel.config.channelId}:`)
    return { ok: true }
  })

  app.get('/channels/:channelId/limits', async (request) =>
    limitsView(sim, requireChannel(sim, request.params)),
  )

  app.put('/channels/:channelId/limits', async (request) => {
    const channel = requireChannel(sim, request.params)
    const body = parseInput(limitsBody, request.body)
    for (const [endpoint, input] of Object.entries(body.rateLimits ?? {}) as [Endpoint, unknown][]) {
      if (input === null) delete channel.limits.rateLimits[endpoint]
      else if (input !== undefined) {
        const parsed = rateLimitInputSchema.parse(input)
        channel.limits.rateLimits[endpoint] = normalizeRateLimit(endpoint, parsed) satisfies RateLimit
      }
    }
    if (body.monthlyQuota !== undefined) channel.limits.monthlyQuota = body.monthlyQuota
    if (body.totalUsage !== undefined) channel.quotaUsage[quotaMonth(sim.clock.now())] = body.totalUsage
    // New limits start with empty windows, so a test's "3rd request fails" does not depend on earlier ones.
    sim.rateLimiter.reset(`${channel.config.channelId}:`)
    return limitsView(sim, channel)
  })
}
