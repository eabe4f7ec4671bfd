import { error, redirect } from '@sveltejs/kit'
import { ApiError } from './client'

/**
 * Turns a failed API call inside a `load` into what SvelteKit shows: the login page for an ended
 * session, otherwise the error page with the API's status and code (so it can explain itself).
 */
export function failLoad(e: unknown): never {
  if (!(e instanceof ApiError)) throw e
  if (e.status === 401) redirect(303, '/login')
  if (e.status === 0 || e.code === 'api_unavailable') {
    error(503, { message: 'The Enishi API is not reachable', code: 'api_unavailable' })
  }
  error(e.status >= 400 && e.status <= 599 ? e.status : 500, { message: e.message, code: e.code })
}
