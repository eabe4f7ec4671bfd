import type { z } from 'zod'
import type { Channel } from '../../prisma/client'
import { staffAction } from '../audit/log'
import { ApiError } from '../errors'
import type { StaffContext } from '../policy/context'
import {
  chatSchema,
  deliverySchema,
  simErrorBodySchema,
  simUserListSchema,
  simUserSchema,
  type CreateUserBody,
} from './schemas'

/** Following a simulated user waits for the signed webhook to reach Enishi and be answered. */
const SIMULATOR_TIMEOUT_MS = 15_000

/** What a simulated user does that makes the simulator send Enishi a webhook. */
export type UserAction = 'follow' | 'unfollow' | 'messages' | 'postback'

/**
 * Calls the simulator's admin API for the channel, whose simulator ID is the Enishi channel ID.
 * Its answers are checked like any other input; its errors become Enishi's error body.
 */
async function simulatorCall<T extends z.ZodType>(
  channel: Channel,
  method: 'GET' | 'POST',
  path: string,
  schema: T,
  body?: unknown,
): Promise<z.output<T>> {
  const url = `${channel.apiBaseUrl}/_sim/channels/${encodeURIComponent(channel.id)}${path}`
  let res: Response
  try {
    res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(SIMULATOR_TIMEOUT_MS),
    })
  } catch (err) {
    throw new ApiError(
      502,
      'simulator_unavailable',
      `The LINE simulator is not reachable: ${(err as Error).message}`,
    )
  }
  const json: unknown = await res.json().catch(() => null)
  if (!res.ok) {
    const parsed = simErrorBodySchema.safeParse(json)
    const message = parsed.success ? parsed.data.message : `HTTP ${res.status}`
    const fields = parsed.success
      ? parsed.data.details?.map((d) => ({ path: d.property, message: d.message }))
      : undefined
    // The caller's mistakes keep their status; anything else is the simulator's failure.
    const status = [400, 404, 409].includes(res.status) ? res.status : 502
    throw new ApiError(status, 'simulator_error', `Simulator: ${message}`, fields)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success)
    throw new ApiError(502, 'simulator_error', 'The simulator answered in an unexpected shape')
  return parsed.data
}

/** The context's channel, which must be bound to the simulator. */
function simulatorChannel(ctx: StaffContext): Channel {
  if (!ctx.channel.isSimulator) {
    throw new ApiError(409, 'not_simulator', 'The default channel is a real LINE channel, not the simulator')
  }
  return ctx.channel
}

export function listUsers(ctx: StaffContext) {
  return simulatorCall(simulatorChannel(ctx), 'GET', '/users', simUserListSchema)
}

export function createUser(ctx: StaffContext, body: CreateUserBody) {
  return simulatorCall(simulatorChannel(ctx), 'POST', '/users', simUserSchema, body)
}

export function userChat(ctx: StaffContext, userId: string) {
  return simulatorCall(simulatorChannel(ctx), 'GET', `/users/${userId}/chat`, chatSchema)
}

/**
 * Plays one action of a simulated user. Audited, since the webhook it sends changes Enishi's
 * data (friends, messages) on the staff member's behalf.
 */
export async function playUserAction(ctx: StaffContext, userId: string, action: UserAction, body: unknown) {
  const channel = simulatorChannel(ctx)
  const result = await simulatorCall(channel, 'POST', `/users/${userId}/${action}`, deliverySchema, body)
  return staffAction(ctx, `simulator.${action}`, async () => ({
    result,
    target: `channel:${channel.id}`,
    details: { userId, webhookEventId: result.webhookEventId },
  }))
}
