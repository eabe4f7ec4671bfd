import { z } from 'zod'
import { tagNameMaxLength } from '../../flow/limits'

/** Schemas of the tag routes. */

export const tagNameSchema = z.string().trim().min(1).max(tagNameMaxLength)
export const tagSchema = z.object({ id: z.string(), name: z.string(), friendCount: z.number().int() })
export const tagListSchema = z.object({ items: z.array(tagSchema) })
export const tagBodySchema = z.object({ name: tagNameSchema })
