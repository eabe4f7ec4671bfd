import type { BadgeTone } from './Badge.svelte'

/** Each record's statuses: the tone of each, the dictionary section naming them, the badge's test ID. */
export const statusKinds = {
  friend: {
    section: 'friends.status',
    testid: 'friend-status',
    tones: { following: 'success', blocked: 'muted' },
  },
  flow: {
    section: 'scenarios.status',
    testid: 'flow-status',
    tones: { active: 'success', draft: 'info', paused: 'warning', archived: 'muted' },
  },
  run: {
    section: 'runs.status',
    testid: 'run-status',
    tones: { running: 'info', waiting: 'info', completed: 'success', failed: 'danger', cancelled: 'muted' },
  },
  reminder: {
    section: 'reminders.status',
    testid: 'reminder-status',
    tones: { active: 'success', paused: 'warning', archived: 'muted' },
  },
  reminderRun: {
    section: 'reminders.runs.status',
    testid: 'reminder-status',
    tones: { scheduled: 'info', completed: 'success', cancelled: 'muted' },
  },
} as const satisfies Record<string, { section: string; testid: string; tones: Record<string, BadgeTone> }>

export type StatusKind = keyof typeof statusKinds
export type StatusOf<K extends StatusKind> = keyof (typeof statusKinds)[K]['tones'] & string
