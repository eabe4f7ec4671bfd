import type { FriendSnapshot } from './context'
import { formatLocal } from './time'

/** Values for `{key}` placeholders: `{name}` is the display name, every other key a friend field. */
export function friendValues(friend: FriendSnapshot, timezone: string): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, field] of Object.entries(friend.fields)) {
    if (field.value === null) values[key] = ''
    else if (field.type === 'datetime') values[key] = formatLocal(field.value, timezone)
    else values[key] = String(field.value)
  }
  values.name = friend.displayName
  return values
}
