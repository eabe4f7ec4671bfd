import type { z } from 'zod'
import { validationError, type LineErrorDetail } from '../errors'

/** `['messages', 0, 'text']` → `messages[0].text`, the way LINE names properties in `details`. */
export function formatProperty(path: readonly PropertyKey[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += out === '' ? String(segment) : `.${String(segment)}`
  }
  return out
}

function detailMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined'))
    return 'Must be specified'
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
    return `Must be one of the following values: [${issue.options.join(', ')}]`
  }
  return issue.message
}

export function issuesToDetails(issues: readonly z.core.$ZodIssue[]): LineErrorDetail[] {
  return issues.map((issue) => ({ message: detailMessage(issue), property: formatProperty(issue.path) }))
}

/** Parses with zod; on failure throws LINE's 400 with one detail per problem. */
export function parseLineBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {})
  if (!result.success) throw validationError(issuesToDetails(result.error.issues))
  return result.data
}
