import { call, failLoad, loadApi } from '$lib/api'
import type { LayoutServerLoad } from './$types'

// Runs once per full page load and after invalidateAll() (login, logout, language switch):
// every guard below it reads the session from here.
export const load: LayoutServerLoad = async ({ fetch, url, locals }) => {
  const auth = await call(loadApi({ fetch, url }).GET('/auth/state')).catch(failLoad)
  return { lang: locals.lang, auth }
}
