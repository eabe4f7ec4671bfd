import type { Handle, RequestEvent } from '@sveltejs/kit'
import { LANG_COOKIE, parseLang } from '$lib/i18n'

/** Where the Enishi API listens (the same variables in dev and production). */
function apiBase(): string {
  const url = process.env.API_URL ?? `http://127.0.0.1:${process.env.API_PORT ?? 3000}`
  return url.replace(/\/+$/, '')
}

// Headers that describe one hop, not the message: never forwarded in either direction.
// `accept-encoding` is dropped so the API answers uncompressed (fetch would decode it anyway
// and the browser must not decode twice); `content-length` is recomputed by fetch. The client's
// own `x-forwarded-for` goes too: the API trusts this hop, so a client could pick its IP for the
// login limits and the audit log. The studio sends the address it saw itself (behind a proxy of
// its own: adapter-node's STUDIO_ADDRESS_HEADER / STUDIO_XFF_DEPTH decide it).
const REQUEST_DROP = [
  'x-forwarded-for',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'content-length',
  'accept-encoding',
]
const RESPONSE_DROP = ['connection', 'keep-alive', 'transfer-encoding', 'content-encoding', 'content-length']

function clientAddress(event: RequestEvent): string | undefined {
  try {
    return event.getClientAddress()
  } catch {
    return undefined // internal fetches during SSR have no socket of their own
  }
}

/**
 * Forwards a studio `/api/*` request to the API untouched (cookies, CSRF header, body) and streams
 * the answer back, so the browser only ever talks to the studio's origin: the session cookie
 * stays first-party and no CORS is needed. The same code runs under vite dev and adapter-node.
 */
async function proxy(event: RequestEvent): Promise<Response> {
  const { request, url } = event
  const headers = new Headers(request.headers)
  for (const h of REQUEST_DROP) headers.delete(h)
  const client = clientAddress(event)
  if (client) headers.set('x-forwarded-for', client)
  headers.set('x-forwarded-host', url.host)
  headers.set('x-forwarded-proto', url.protocol.replace(':', ''))

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD'
  let upstream: Response
  try {
    upstream = await fetch(apiBase() + url.pathname + url.search, {
      method: request.method,
      headers,
      // Studio requests are small JSON bodies: buffering keeps the upstream call simple.
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
      signal: request.signal,
    })
  } catch (e) {
    if (request.signal.aborted) return new Response(null, { status: 499 })
    console.error(`[studio] API unreachable at ${apiBase()}:`, e instanceof Error ? e.message : e)
    return Response.json(
      { error: { code: 'api_unavailable', message: 'The Enishi API is not reachable' } },
      { status: 502 },
    )
  }

  const out = new Headers(upstream.headers) // keeps every set-cookie as its own header
  for (const h of RESPONSE_DROP) out.delete(h)
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: out,
  })
}

// On every answer, pages and API alike (the CSP, with frame-ancestors 'none', is in svelte.config.js):
// never framed, no MIME sniffing, no studio URLs in the Referer sent to other sites.
const SECURITY_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
}

async function respond(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
  const { pathname } = event.url
  if (pathname === '/api' || pathname.startsWith('/api/')) return proxy(event)

  const lang = parseLang(event.cookies.get(LANG_COOKIE))
  event.locals.lang = lang
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%enishi.lang%', lang),
  })
}

export const handle: Handle = async ({ event, resolve }) => {
  const response = await respond(event, resolve)
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value)
  return response
}
