import type { StaffRole } from '../../prisma/client'

/**
 * The studio's features. Every route names one feature and whether it views or edits it;
 * a role (or, for 一般 staff and operators, a grant) gives each feature a level.
 */
export const features = [
  'scenarios',
  'runs',
  'reminders',
  'friends',
  'tags',
  'fields',
  'settings',
  'notifications',
  'audit',
  'simulator',
] as const
export type Feature = (typeof features)[number]

/** `edit` includes `view`. */
export type Level = 'none' | 'view' | 'edit'
export type Action = `${Feature}.${'view' | 'edit'}`

export type FeatureLevels = Record<Feature, Level>

const all = (level: Level): FeatureLevels =>
  Object.fromEntries(features.map((f) => [f, level])) as FeatureLevels

/**
 * The rule table. owner and 副管理者 (admin) do everything; 運用者 (manager) everything but
 * what touches other people's work in flight (runs, the audit log, reminder sets, which
 * message friends at times staff chose) — the account, staff and data-migration features
 * that are also theirs alone arrive with the staff issue. 一般 (member) gets only what is
 * granted; without a grant, the read-only defaults below.
 */
export const roleLevels: Record<Exclude<StaffRole, 'member'>, FeatureLevels> = {
  owner: all('edit'),
  admin: all('edit'),
  manager: { ...all('edit'), runs: 'none', audit: 'none', reminders: 'view' },
}

/** What a 一般 staff member may do until someone grants more: read the marketing work, no more. */
export const memberDefaults: FeatureLevels = {
  ...all('view'),
  runs: 'none',
  audit: 'none',
  settings: 'none',
  simulator: 'none',
}
