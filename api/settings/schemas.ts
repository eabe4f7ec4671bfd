import { z } from 'zod'
import { lineMessagesSchema } from '../../flow/lineMessage'

/** Schemas of the greeting routes. */

export const greetingSchema = z.object({ messages: lineMessagesSchema })
