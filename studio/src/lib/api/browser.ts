import { invalidateAll } from '$app/navigation'
import { createApi, isApiError } from './client'
import type { AuthState } from './types'

// The session's CSRF token lives in the browser only: the root layout hands it over after
// hydration, and login/setup replace it. Never set it during SSR (this module is shared).
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

async function browserFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init)
  // A session that ended elsewhere (logout in another tab, expiry): re-run the layouts so
  // their guards send the user to the login page.
  if (res.status === 401 && !String(input).startsWith('/api/auth/')) void invalidateAll()
  return res
}

/** The client for event handlers and effects in the browser (loads use their own `fetch`). */
export const api = createApi({
  fetch: browserFetch,
  csrfToken: () => csrfToken,
  refreshCsrfToken: async () => {
    const res = await fetch('/api/auth/state', { headers: { accept: 'application/json' } })
    csrfToken = res.ok ? ((await res.json()) as AuthState).csrfToken : null
    return csrfToken
  },
})

export { isApiError }
