import { z } from 'zod'
import { fieldNameMaxLength } from '../../flow/limits'

/** Schemas of the friend-field routes. */

export const fieldTypeSchema = z.enum(['text', 'number', 'date', 'datetime', 'select'])
export const fieldOptionsSchema = z
  .array(z.string().trim().min(1).max(50))
  .min(1)
  .max(100)
  .refine((o) => new Set(o).size === o.length, 'Options must be unique')
export const fieldSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  type: fieldTypeSchema,
  options: z.array(z.string()).nullable(),
})
export const createFieldBodySchema = z
  .object({
    key: z.string().regex(/^[a-zA-Z0-9_]{1,20}$/, 'Letters, digits and _ (at most 20)'),
    name: z.string().trim().min(1).max(fieldNameMaxLength),
    type: fieldTypeSchema,
    options: fieldOptionsSchema.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.type === 'select' && !f.options) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'A select field needs options' })
    }
    if (f.type !== 'select' && f.options) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'Only select fields have options' })
    }
  })
export const updateFieldBodySchema = z.object({
  name: z.string().trim().min(1).max(fieldNameMaxLength).optional(),
  options: fieldOptionsSchema.optional(),
})
export const fieldListSchema = z.object({ items: z.array(fieldSchema) })
export type CreateFieldBody = z.output<typeof createFieldBodySchema>
export type UpdateFieldBody = z.output<typeof updateFieldBodySchema>
