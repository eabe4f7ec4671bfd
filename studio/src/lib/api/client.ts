import createClient, { type Client } from 'openapi-fetch'
import type { components, paths } from './schema'

/** What the API answers on any error. */
export type ApiErrorBody = components['schemas']['ApiError']
export type FieldError = NonNullable<ApiErrorBody['error']['fields']>[number]

/** A failed API call: the API's `{error:{code,message,fields}}`, or `network` when it was unreachable. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    /** The rest of the API's error object (e.g. `issues` of an `invalid_flow`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /**
   * Field messages keyed by path without the request part, so a form can look up
   * `messages.0.text` for the API's `body.messages.0.text`.
   */
  fieldMap(): Record<string, string> {
    const map: Record<string, string> = {}
    for (const f of this.fields) {
      const key = f.path.replace(/^(body|query|params)\./, '')
      map[key] ??= f.message
    }
    return map
  }
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code)
}

/** The API's error object out of a body that may be anything (a proxy page, an empty body). */
function errorOf(body: unknown): Partial<ApiErrorBody['error']> | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined
  return typeof body.error === 'object' && body.error !== null ? body.error : undefined
}

function toApiError(response: Response, body: unknown): ApiError {
  const e = errorOf(body)
  return new ApiError(
    response.status,
    e?.code ?? `http_${response.status}`,
    e?.message ?? response.statusText,
    e?.fields ?? [],
    (e ?? {}) as Record<string, unknown>,
  )
}

/**
 * The data of a successful call; anything else throws an ApiError. Every call goes through here:
 * `await call(api.GET('/flows/{id}', { params: { path: { id } } }))`.
 */
export async function call<T extends { data?: unknown; error?: unknown; response: Response }>(
  pending: Promise<T>,
): Promise<Exclude<T['data'], undefined>> {
  let outcome: T
  try {
    outcome = await pending
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : 'Network error')
  }
  if (!outcome.response.ok) throw toApiError(outcome.response, outcome.error)
  return outcome.data as Exclude<T['data'], undefined>
}

export interface ApiClientOptions {
  /** The browser's `fetch`, or SvelteKit's in a load (it passes the session cookie along). */
  fetch: (request: Request) => Promise<Response>
  /**
   * The studio's origin. Loads pass their `url.origin` (a request on the server needs an absolute
   * URL); in the browser the client leaves it out.
   */
  origin?: string
  /** The session's CSRF token, sent on every state-changing call. */
  csrfToken?: () => string | null
  /** Called once when the API rejects the token (it rotates on login); returns the fresh one. */
  refreshCsrfToken?: () => Promise<string | null>
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function withCsrf(request: Request, token: string | null | undefined): Request {
  if (token) request.headers.set('x-csrf-token', token)
  return request
}

export type Api = Client<paths>

/** The Enishi API, typed by its OpenAPI document, always addressed through the studio's own `/api`. */
export function createApi(options: ApiClientOptions): Api {
  async function send(request: Request): Promise<Response> {
    if (SAFE_METHODS.has(request.method)) return options.fetch(request)
    const again = options.refreshCsrfToken && request.clone()
    const res = await options.fetch(withCsrf(request, options.csrfToken?.()))
    if (res.status !== 403 || !again || !options.refreshCsrfToken) return res
    const body: unknown = await res
      .clone()
      .json()
      .catch(() => undefined)
    if (errorOf(body)?.code !== 'csrf') return res
    return options.fetch(withCsrf(again, await options.refreshCsrfToken()))
  }
  return createClient<paths>({
    baseUrl: `${options.origin ?? ''}/api`,
    fetch: send,
    headers: { accept: 'application/json' },
  })
}

/** The client for a `load`: SvelteKit's `fetch` (cookies, SSR replay) at the page's origin. */
export function loadApi(event: { fetch: ApiClientOptions['fetch']; url: URL }): Api {
  return createApi({ fetch: event.fetch, origin: event.url.origin })
}
