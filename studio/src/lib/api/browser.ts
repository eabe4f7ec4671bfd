import { invalidateAll } from '$app/navigation'
import { call, createApi, isApiError } from './client'

// The session's CSRF token lives in the browser only: the root layout hands it over after
// hydration, and login/setup replace it. Never set it during SSR (this module is shared).
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

async function browserFetch(request: Request): Promise<Response> {
  const res = await fetch(request)
  // A session that ended elsewhere (logout in another tab, expiry): re-run the layouts so
  // their guards send the user to the login page.
  if (res.status === 401 && !new URL(request.url).pathname.startsWith('/api/auth/')) void invalidateAll()
  return res
}

/** The client for event handlers and effects in the browser (loads use `loadApi`). */
export const api = createApi({
  fetch: browserFetch,
  csrfToken: () => csrfToken,
  refreshCsrfToken: async () => {
    csrfToken = (await call(api.GET('/auth/state')).catch(() => null))?.csrfToken ?? null
    return csrfToken
  },
})

export { call, isApiError }
