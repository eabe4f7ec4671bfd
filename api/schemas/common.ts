import { z } from 'zod'
import { staffRoles } from '../auth/roles'

/** The one error body (api/errors.ts), declared per status so /docs shows it. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
})

/** `{ 401: errorBody, 403: errorBody, ... }` for a route's `response`. */
export function errorResponses<const S extends number>(...statuses: S[]): Record<S, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorBodySchema])) as Record<S, typeof errorBodySchema>
}

export const staffSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(staffRoles),
})

/** Page-number pagination; `pageSize` is capped so one request cannot read a whole table. */
export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
})

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
}

/** Database IDs (cuid) in paths: bounded, so a junk path never reaches the database as-is. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Invalid ID')

/** An optional channel scope in the query; without it the default channel is meant. */
export const channelQuerySchema = z.object({ channelId: idSchema.optional() })

/** `/:id` of a channel-scoped object: looked up inside the query's channel (or the default one). */
export const idParamsSchema = z.object({ id: idSchema })

/** A 204 answer's (empty) body. */
export const noContentSchema = z.null()
