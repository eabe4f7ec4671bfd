import { z } from 'zod'

/**
 * A string of `min`..`max` UTF-16 code units, LINE's unit (an emoji is 2). zod's own `.max()` counts code
 * points, so the check is written out here. The messages follow LINE's wording for `details[].message`.
 */
export function text(max: number, min = 0) {
  const range = `Length must be between ${min} and ${max}`
  return z.string().superRefine((value, ctx) => {
    if (value.length === 0 && min > 0) ctx.addIssue({ code: 'custom', message: 'May not be empty' })
    else if (value.length < min || value.length > max) ctx.addIssue({ code: 'custom', message: range })
  })
}

export function list<T extends z.ZodType>(item: T, min: number, max: number) {
  const range = `Size must be between ${min} and ${max}`
  return z.array(item).min(min, range).max(max, range)
}

function isHttps(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}

/** Image, video and icon URLs: HTTPS only, at most 2,000 characters. */
export const httpsUrl = text(2000, 1).refine(isHttps, 'Must be an HTTPS URL')

export const UTF8_KB = 1024

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')
}
