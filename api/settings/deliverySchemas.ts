import { z } from 'zod'
import { channelSettingsSchema } from '../../flow/channelSettings'

/** Delivery rules as stored (Channel.timezone + Channel.deliveryRules). */
export const deliveryRulesSchema = z.object({
  timezone: z.string(),
  quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
  frequencyCap: z.object({ perDay: z.number().int() }).nullable(),
})
/** PUT: flow/channelSettings.ts's `channelSettingsSchema`; an omitted rule is turned off, an omitted zone kept. */
export const deliveryRulesBodySchema = channelSettingsSchema
export type DeliveryRulesBody = z.infer<typeof deliveryRulesBodySchema>
