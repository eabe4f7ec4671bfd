import type { Prisma } from '../../prisma/client'
import { isValidTimeZone } from '../../flow/time'
import { staffAction } from '../audit/log'
import { ApiError } from '../errors'
import type { StaffContext } from '../policy/context'
import { channelSettingsOf } from '../../flow/channelSettings'
import type { DeliveryRulesBody } from './deliverySchemas'

/** Delivery rules for every scenario send: the channel's time zone, quiet hours, frequency cap. */

export function deliveryRules({ channel }: StaffContext) {
  const settings = channelSettingsOf(channel)
  return {
    timezone: channel.timezone,
    quietHours: settings.quietHours ?? null,
    frequencyCap: settings.frequencyCap ?? null,
  }
}

/** Replaces the rules: an omitted rule is turned off, an omitted time zone kept. */
export async function updateDeliveryRules(ctx: StaffContext, body: DeliveryRulesBody) {
  const { channel } = ctx
  if (body.timezone !== undefined && !isValidTimeZone(body.timezone)) {
    throw new ApiError(400, 'invalid_request', `Unknown time zone "${body.timezone}"`, [
      { path: 'body.timezone', message: 'Unknown time zone (e.g. Asia/Tokyo)' },
    ])
  }
  const before = channelSettingsOf(channel)
  const after = {
    timezone: body.timezone ?? channel.timezone,
    quietHours: body.quietHours ?? null,
    frequencyCap: body.frequencyCap ?? null,
  }
  const rules = { quietHours: after.quietHours, frequencyCap: after.frequencyCap }
  return staffAction(ctx, 'delivery_rules.update', async (tx) => {
    await tx.channel.update({
      where: { id: channel.id },
      data: { timezone: after.timezone, deliveryRules: rules as Prisma.InputJsonValue },
    })
    return {
      result: after,
      target: `channel:${channel.id}`,
      details: { before, after } as unknown as Prisma.InputJsonValue,
    }
  })
}
