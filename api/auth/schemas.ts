import { z } from 'zod'
import { passwordMinLength, staffNameMaxLength } from '../../flow/limits'
import { features, type Feature } from '../policy'
import { staffSchema } from '../schemas/common'

/** Schemas of the auth routes. */

// E-mail addresses are compared case-insensitively: stored and looked up lower-cased.
const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254))

export const signedInSchema = z.object({ staff: staffSchema, csrfToken: z.string() })

const abilitiesSchema = z.object(
  Object.fromEntries(features.map((f) => [f, z.object({ view: z.boolean(), edit: z.boolean() })])) as Record<
    Feature,
    z.ZodObject<{ view: z.ZodBoolean; edit: z.ZodBoolean }>
  >,
)

export const stateSchema = z.object({
  needsSetup: z.boolean(),
  staff: staffSchema.nullable(),
  csrfToken: z.string().nullable(),
  /** What the signed-in staff member may do (api/policy), so the studio shows only that. */
  abilities: abilitiesSchema.nullable(),
})

export const setupBodySchema = z.object({
  name: z.string().trim().min(1).max(staffNameMaxLength),
  email: emailSchema,
  // Upper bound: scrypt time grows with input, and nobody types 1,024 characters.
  password: z.string().min(passwordMinLength).max(1024),
})
export type SetupBody = z.output<typeof setupBodySchema>

export const loginBodySchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(1024),
})
export type LoginBody = z.output<typeof loginBodySchema>

export const signedOutSchema = z.null().describe('Signed out')
