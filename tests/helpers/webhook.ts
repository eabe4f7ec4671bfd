import { createHmac } from 'node:crypto'
import { request } from 'node:http'

export function sign(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64')
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * Posts a webhook the way LINE does, over node:http so the header name goes on the wire exactly as
 * given (fetch would lower-case it).
 */
export function postRaw(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

export function postSigned(url: string, secret: string, payload: unknown, headerName = 'x-line-signature') {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  return postRaw(url, body, { [headerName]: sign(secret, body) })
}

let counter = 0
/** A LINE-like ULID-shaped event ID, unique within the run. */
export function eventId(): string {
  counter += 1
  const time = Date.now().toString(32).toUpperCase().padStart(10, '0')
  return `${time}${counter.toString(32).toUpperCase().padStart(16, '0')}`.slice(0, 26)
}

export function lineUserId(): string {
  return `U${Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')}`
}
