import type { IconName } from '$lib/components/Icon.svelte'

/**
 * The records a marketer lists, creates and archives (scenarios, reminder sets; templates and
 * broadcasts next), by their dictionary section. Each section has the same keys — `title`, `lead`,
 * `new`, `name`, `nameRequired`, `create`, `creating`, `cancel`, `empty`, `emptyHint`, `archive`,
 * `archiveConfirm`, `col.actions` — so one list page and one create dialog serve them all.
 * `testid` prefixes the pages' test IDs; `idAttribute` carries a row's record ID.
 */
export const resources = {
  scenarios: { testid: 'scenario', icon: 'scenario', idAttribute: 'data-flow-id' },
  reminders: { testid: 'reminder', icon: 'clock', idAttribute: 'data-reminder-id' },
} as const satisfies Record<string, { testid: string; icon: IconName; idAttribute: `data-${string}` }>

export type ResourceSection = keyof typeof resources
