import { z } from 'zod'

/** Schemas of the channel routes. */

export const channelSchema = z.object({
  id: z.string(),
  name: z.string(),
  isSimulator: z.boolean(),
  timezone: z.string(),
  /** Where LINE (or the simulator) must send this channel's webhooks. */
  webhookUrl: z.string(),
})
