import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LineApiError } from '../../errors'
import { newMessageId } from '../../ids'
import type { Sim } from '../../sim'
import type { ChannelState, JsonObject } from '../../state/types'
import { asRedelivery, completeEvent, eventUserId } from '../../webhook/events'
import { deliverySummary, parseInput, requireChannel } from '../common'

const webhookBody = z.object({
  events: z.array(z.looseObject({})).max(100),
  /** Send the events exactly as given (no filled-in fields). */
  raw: z.boolean().default(false),
  /** Use this x-line-signature instead of the correct one. */
  signature: z.string().optional(),
  /** Use this destination instead of the channel's bot user ID. */
  destination: z.string().optional(),
})

const redeliverBody = z.object({ webhookEventId: z.string().min(1) })

/**
 * Keeps the simulated world consistent with what "LINE" just told the bot: a follow event makes a known
 * user a friend (so the bot can fetch the profile), an unfollow blocks, and a message shows in the chat.
 */
function applyToWorld(sim: Sim, channel: ChannelState, event: JsonObject, now: number): void {
  const userId = eventUserId(event)
  const user = userId ? channel.users[userId] : undefined
  if (!user) return
  const at = sim.clock.iso(now)
  if (event.type === 'follow') {
    user.followState = 'following'
    user.followedAt = at
    user.blockedAt = null
  } else if (event.type === 'unfollow') {
    user.followState = 'blocked'
    user.blockedAt = at
  } else if (event.type === 'message' && typeof event.message === 'object' && event.message !== null) {
    const message = event.message as JsonObject
    ;(channel.chats[user.userId] ??= []).push({
      id: typeof message.id === 'string' ? message.id : newMessageId(),
      direction: 'user',
      at,
      message,
    })
  }
}

export function webhookAdminRoutes(app: FastifyInstance, sim: Sim): void {
  app.post('/channels/:channelId/webhook', async (request) => {
    const channel = requireChannel(sim, request.params)
    const body = parseInput(webhookBody, request.body)
    const now = sim.clock.now()
    const events = body.events.map((e) =>
      body.raw ? (e as JsonObject) : completeEvent(e as JsonObject, now),
    )
    for (const event of events) applyToWorld(sim, channel, event, now)
    const record = await sim.webhooks.send(channel, events, {
      kind: 'events',
      ...(body.signature !== undefined ? { signature: body.signature } : {}),
      ...(body.destination !== undefined ? { destination: body.destination } : {}),
    })
    return {
      events,
      webhookEventIds: events.map((e) => e.webhookEventId ?? null),
      delivery: deliverySummary(record),
    }
  })

  app.post('/channels/:channelId/redeliver', async (request) => {
    const channel = requireChannel(sim, request.params)
    const { webhookEventId } = parseInput(redeliverBody, request.body)
    const stored = channel.events[webhookEventId]
    if (!stored) throw new LineApiError(404, `Event ${webhookEventId} not found`)
    const event = asRedelivery(stored.event)
    const record = await sim.webhooks.send(channel, [event], { kind: 'redelivery' })
    return {
      webhookEventId,
      replyToken: event.replyToken ?? null,
      event,
      delivery: deliverySummary(record),
    }
  })
}
