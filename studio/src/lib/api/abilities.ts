import { page } from '$app/state'
import type { Abilities, Feature } from './types'

/**
 * Whether the signed-in staff member may view or edit a feature: the API's policy as
 * `/auth/state` reports it (the app layout's data), so the studio hides what the API would refuse
 * instead of copying its rules. Read it while rendering (it follows the current page).
 */
export function can(feature: Feature, level: 'view' | 'edit'): boolean {
  return (page.data as { abilities?: Abilities }).abilities?.[feature][level] ?? false
}
