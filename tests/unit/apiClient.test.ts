import { describe, expect, it } from 'vitest'
import { ApiError, call, createApi } from '../../studio/src/lib/api/client'

// The studio's one place for talking to the API (the generated client plus `call`): the CSRF
// token on changes, a retry with a fresh token, and errors turned into what forms show.

const origin = 'http://studio.test'
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe("the studio's API client", () => {
  it('sends the CSRF token on changes only, and once more with a fresh one when the API refuses it', async () => {
    const sent: { method: string; url: string; token: string | null; body: string }[] = []
    let token = 'old'
    const api = createApi({
      origin,
      fetch: async (request) => {
        const csrf = request.headers.get('x-csrf-token')
        sent.push({ method: request.method, url: request.url, token: csrf, body: await request.text() })
        if (request.method === 'GET') return json(200, { items: [] })
        return csrf === 'new'
          ? json(201, { id: 't1', name: 'VIP', friendCount: 0 })
          : json(403, { error: { code: 'csrf', message: 'Bad token' } })
      },
      csrfToken: () => token,
      refreshCsrfToken: async () => (token = 'new'),
    })

    expect(await call(api.GET('/tags'))).toEqual({ items: [] })
    expect((await call(api.POST('/tags', { body: { name: 'VIP' } }))).name).toBe('VIP')
    expect(sent).toEqual([
      { method: 'GET', url: `${origin}/api/tags`, token: null, body: '' },
      { method: 'POST', url: `${origin}/api/tags`, token: 'old', body: '{"name":"VIP"}' },
      { method: 'POST', url: `${origin}/api/tags`, token: 'new', body: '{"name":"VIP"}' },
    ])
  })

  it("turns the API's error body into an ApiError with messages per form field", async () => {
    const body = {
      error: { code: 'validation', message: 'Invalid', fields: [{ path: 'body.name', message: 'Too long' }] },
    }
    const api = createApi({ origin, fetch: async () => json(400, body) })
    const error = await call(api.POST('/tags', { body: { name: 'x'.repeat(60) } })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 400, code: 'validation', message: 'Invalid' })
    expect((error as ApiError).fieldMap()).toEqual({ name: 'Too long' })
  })

  it('names a failure without the API’s body by its status, and an unreachable API `network`', async () => {
    const proxyPage = createApi({
      origin,
      fetch: async () => new Response('<h1>Bad gateway</h1>', { status: 502 }),
    })
    await expect(call(proxyPage.GET('/tags'))).rejects.toMatchObject({ status: 502, code: 'http_502' })
    const down = createApi({
      origin,
      fetch: async () => {
        throw new TypeError('fetch failed')
      },
    })
    await expect(call(down.GET('/tags'))).rejects.toMatchObject({ status: 0, code: 'network' })
  })
})
