/** A small client for the LINE simulator's inspection API, for tests and benchmarks. */
export interface SimUser {
  userId: string
  displayName: string
  followState: 'none' | 'following' | 'blocked'
}

export interface SimChatItem {
  id: string
  direction: 'user' | 'bot'
  at: string
  message: { type: string; text?: string; [key: string]: unknown }
  via?: string
  requestId?: string
  retryKey?: string
}

export interface SimRequest {
  method: string
  path: string
  status: number
  body: unknown
  retryKey?: string
  requestId: string
}

export function simAdmin(baseUrl: string, channelId: string) {
  const channel = `${baseUrl}/_sim/channels/${channelId}`
  async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`)
    return (text ? JSON.parse(text) : undefined) as T
  }
  return {
    createUser: (displayName: string) => call<SimUser>('POST', `${channel}/users`, { displayName }),
    follow: (userId: string) =>
      call<{ webhookEventId: string; delivery: { statusCode: number | null } }>(
        'POST',
        `${channel}/users/${userId}/follow`,
      ),
    unfollow: (userId: string) =>
      call<{ webhookEventId: string; delivery: { statusCode: number | null } }>(
        'POST',
        `${channel}/users/${userId}/unfollow`,
      ),
    sendText: (userId: string, text: string) =>
      call<{ webhookEventId: string; delivery: { statusCode: number | null } }>(
        'POST',
        `${channel}/users/${userId}/messages`,
        {
          type: 'text',
          text,
        },
      ),
    postback: (userId: string, data: string) =>
      call<{ webhookEventId: string; delivery: { statusCode: number | null } }>(
        'POST',
        `${channel}/users/${userId}/postback`,
        { data },
      ),
    webhook: (events: unknown[]) =>
      call<{ events: { webhookEventId: string }[]; delivery: { statusCode: number | null } }>(
        'POST',
        `${channel}/webhook`,
        { events },
      ),
    redeliver: (webhookEventId: string) =>
      call<{ delivery: { statusCode: number | null } }>('POST', `${channel}/redeliver`, { webhookEventId }),
    chat: async (userId: string) =>
      (await call<{ items: SimChatItem[] }>('GET', `${channel}/users/${userId}/chat`)).items,
    requests: async (endpoint?: string) =>
      (
        await call<{ requests: SimRequest[] }>(
          'GET',
          `${channel}/requests${endpoint ? `?endpoint=${endpoint}` : ''}`,
        )
      ).requests,
    advanceClock: (ms: number) => call<unknown>('POST', `${baseUrl}/_sim/clock/advance`, { ms }),
    setFaults: (faults: Record<string, unknown>) => call<unknown>('PUT', `${baseUrl}/_sim/faults`, faults),
    clearFaults: () => call<unknown>('DELETE', `${baseUrl}/_sim/faults`),
  }
}

export type SimAdmin = ReturnType<typeof simAdmin>
