import { sign } from '../tests/helpers/webhook'

let seq = 0

/** LINE-shaped text message events from the given users, with unique webhookEventIds. */
export function messageEvents(count: number, users: string[]) {
  const now = Date.now()
  return Array.from({ length: count }, () => {
    seq += 1
    return {
      type: 'message',
      mode: 'active',
      timestamp: now,
      webhookEventId: `BENCH${process.pid}${String(seq).padStart(14, '0')}`.slice(0, 26),
      replyToken: `bench${seq}`,
      deliveryContext: { isRedelivery: false },
      source: { type: 'user', userId: users[seq % users.length] },
      message: { id: String(seq), type: 'text', quoteToken: 'q', text: `bench ${seq}` },
    }
  })
}

/** A sender for the load loops: one signed webhook request of `batch` events; records what got 200. */
export function webhookSender(
  url: string,
  secret: string,
  batch: number,
  users: string[],
  accepted?: string[],
) {
  return async () => {
    const events = messageEvents(batch, users)
    const body = JSON.stringify({ destination: `U${'0'.repeat(32)}`, events })
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-line-signature': sign(secret, body) },
    })
    await res.arrayBuffer()
    if (res.status === 200) accepted?.push(...events.map((e) => e.webhookEventId))
    return res.status
  }
}
