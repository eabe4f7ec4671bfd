import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LineApiError } from '../../errors'
import { newMessageId } from '../../ids'
import { text } from '../../validation/common'
import type { Sim } from '../../sim'
import type { ChannelState, JsonObject, SimUser } from '../../state/types'
import {
  followEvent,
  messageEvent,
  postbackEvent,
  unfollowEvent,
  userMessageObject,
} from '../../webhook/events'
import { deliverySummary, parseInput, requireUser, userView } from '../common'

const userMessageBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    text: text(5000, 1),
    emojis: z.array(z.looseObject({})).max(20).optional(),
    quotedMessageId: z.string().optional(),
  }),
  z.object({
    type: z.literal('sticker'),
    packageId: z.string().min(1),
    stickerId: z.string().min(1),
    keywords: z.array(z.string()).optional(),
    quotedMessageId: z.string().optional(),
  }),
])

const postbackBody = z.object({
  data: z.string().min(1).max(300),
  params: z.record(z.string(), z.string()).optional(),
  /** What the LINE app shows in the chat as the user's message for a postback action with displayText. */
  displayText: z.string().min(1).max(300).optional(),
})

async function send(sim: Sim, channel: ChannelState, user: SimUser, event: JsonObject) {
  const record = await sim.webhooks.send(channel, [event], { kind: 'events' })
  return {
    webhookEventId: event.webhookEventId,
    replyToken: event.replyToken ?? null,
    event,
    user: userView(user),
    delivery: deliverySummary(record),
  }
}

function refuseIfBlocked(user: SimUser): void {
  if (user.followState === 'blocked') {
    throw new LineApiError(409, `User ${user.userId} has blocked the account; unblock (follow) first`)
  }
}

/** Things a simulated friend does in the LINE app; each one becomes a signed webhook to the channel. */
export function userEventRoutes(app: FastifyInstance, sim: Sim): void {
  app.post('/channels/:channelId/users/:userId/follow', async (request) => {
    const { channel, user } = requireUser(sim, request.params)
    if (user.followState === 'following') throw new LineApiError(409, `User ${user.userId} already follows`)
    const isUnblocked = user.followState === 'blocked'
    const now = sim.clock.now()
    // State changes before the webhook leaves: the receiver may fetch the profile while handling it.
    user.followState = 'following'
    user.followedAt = sim.clock.iso(now)
    user.blockedAt = null
    return send(sim, channel, user, followEvent(user.userId, now, isUnblocked))
  })

  app.post('/channels/:channelId/users/:userId/unfollow', async (request) => {
    const { channel, user } = requireUser(sim, request.params)
    if (user.followState !== 'following') throw new LineApiError(409, `User ${user.userId} does not follow`)
    const now = sim.clock.now()
    user.followState = 'blocked'
    user.blockedAt = sim.clock.iso(now)
    user.loadingUntil = null
    return send(sim, channel, user, unfollowEvent(user.userId, now))
  })

  app.post('/channels/:channelId/users/:userId/messages', async (request) => {
    const { channel, user } = requireUser(sim, request.params)
    const body = parseInput(userMessageBody, request.body)
    refuseIfBlocked(user)
    const now = sim.clock.now()
    const message = userMessageObject(body)
    ;(channel.chats[user.userId] ??= []).push({
      id: message.id as string,
      direction: 'user',
      at: sim.clock.iso(now),
      message,
    })
    return send(sim, channel, user, messageEvent(user.userId, now, message))
  })

  app.post('/channels/:channelId/users/:userId/postback', async (request) => {
    const { channel, user } = requireUser(sim, request.params)
    const body = parseInput(postbackBody, request.body)
    refuseIfBlocked(user)
    const now = sim.clock.now()
    if (body.displayText) {
      // Shown in the chat like a message, but LINE sends no message event for it.
      ;(channel.chats[user.userId] ??= []).push({
        id: newMessageId(),
        direction: 'user',
        at: sim.clock.iso(now),
        message: { type: 'text', text: body.displayText },
      })
    }
    return send(sim, channel, user, postbackEvent(user.userId, now, body.data, body.params))
  })
}
