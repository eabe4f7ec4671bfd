import { z } from 'zod'
import { reminderSetSchema, reminderSetStatuses, reminderStepsSchema } from '../../flow/reminder'
import { channelQuerySchema, idSchema, pageOf, pageQuerySchema } from '../schemas/common'

/** Schemas of the reminder routes; the set itself is flow/reminder.ts's (shared with the studio). */

export const reminderSetStatusSchema = z.enum(reminderSetStatuses)
export const reminderRunStatusSchema = z.enum(['scheduled', 'completed', 'cancelled'])

export const reminderSetBodySchema = reminderSetSchema

export const reminderSetViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: reminderSetStatusSchema,
  /** `fieldId` is null when the bound field was deleted (the set then never starts by itself). */
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('field'), fieldId: z.string().nullable() }),
    z.object({ kind: z.literal('start') }),
  ]),
  steps: reminderStepsSchema,
  /** Reminders waiting for their next step. */
  scheduled: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
})

export const reminderSetListSchema = z.object({ items: z.array(reminderSetViewSchema) })

export const reminderListQuerySchema = channelQuerySchema.extend({
  /** Without it: every set but archived ones. */
  status: reminderSetStatusSchema.optional(),
})

/** The target: epoch milliseconds or an ISO date-time with an offset. */
export const reminderTargetSchema = z.union([
  z.number().int().min(0),
  z.iso.datetime({ offset: true }).transform((s) => new Date(s).getTime()),
])

export const startReminderBodySchema = z.strictObject({
  friendId: idSchema,
  target: reminderTargetSchema,
})
export type StartReminderBody = z.output<typeof startReminderBodySchema>
export const startedReminderSchema = z.object({ workflowId: z.string() })

export const reminderRunSchema = z.object({
  id: z.string(),
  setId: z.string(),
  friend: z.object({ id: z.string(), displayName: z.string(), pictureUrl: z.string().nullable() }),
  status: reminderRunStatusSchema,
  target: z.date().nullable(),
  nextFireAt: z.date().nullable(),
  sentSteps: z.array(
    z.object({
      stepId: z.string(),
      at: z.number(),
      target: z.number(),
      requestId: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
  skippedSteps: z.array(z.string()),
  origin: z.string(),
  endReason: z.string().nullable(),
  workflowId: z.string(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
})

export const reminderRunPageSchema = pageOf(reminderRunSchema)

export const reminderRunsQuerySchema = pageQuerySchema
  .extend(channelQuerySchema.shape)
  .extend({ status: reminderRunStatusSchema.optional() })
export type ReminderRunsQuery = z.output<typeof reminderRunsQuerySchema>

export const reminderRunParamsSchema = z.object({ id: idSchema, runId: idSchema })
export const cancelledSchema = z.object({ ok: z.literal(true) })
