import type { ReminderSetInput } from '$flow/reminder'
import type {
  ApiErrorBody,
  AuthState,
  Channel,
  EditableMessage,
  FieldError,
  FlowDefinitionInput,
  FlowDetail,
  FlowIssue,
  FlowMigrationPreview,
  FlowMigrationRequest,
  FlowMigrationResult,
  FlowStopResult,
  FlowVersionDetail,
  FlowVersionSummary,
  FlowRun,
  FlowRunDetail,
  FlowStatus,
  FlowSummary,
  FriendField,
  PreviewRequest,
  PreviewResult,
  ReminderRun,
  ReminderRunStatus,
  ReminderSetStatus,
  ReminderSetView,
  RunStatus,
  Tag,
  Friend,
  FriendDetail,
  FriendStatus,
  LineMessage,
  MessagePage,
  NotificationPage,
  Paged,
  SignedIn,
  SimChatItem,
  SimUser,
  SimUserMessage,
} from './types'

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

type Query = Record<string, string | number | undefined | null>

interface RequestOptions {
  query?: Query
  body?: unknown
}

export interface ApiClientOptions {
  fetch: typeof fetch
  /** The session's CSRF token, sent on every state-changing call. */
  csrfToken?: () => string | null
  /** Called once when the API rejects the token (it rotates on login); returns the fresh one. */
  refreshCsrfToken?: () => Promise<string | null>
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: Partial<ApiErrorBody> | undefined
  try {
    body = (await res.json()) as Partial<ApiErrorBody>
  } catch {
    // Not JSON (a proxy page, an empty body): fall back to the status below.
  }
  const e = body?.error
  return new ApiError(
    res.status,
    e?.code ?? `http_${res.status}`,
    e?.message ?? res.statusText,
    e?.fields ?? [],
    (e ?? {}) as Record<string, unknown>,
  )
}

/** A typed client for the Enishi API, always addressed through the studio's own `/api`. */
export function createApi(options: ApiClientOptions) {
  async function send(method: string, path: string, opts: RequestOptions, csrf: string | null) {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (opts.body !== undefined) headers['content-type'] = 'application/json'
    if (!SAFE_METHODS.has(method) && csrf) headers['x-csrf-token'] = csrf
    try {
      return await options.fetch(withQuery(`/api${path}`, opts.query), {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        credentials: 'same-origin',
      })
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : 'Network error')
    }
  }

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    let res = await send(method, path, opts, options.csrfToken?.() ?? null)
    if (res.status === 403 && !SAFE_METHODS.has(method) && options.refreshCsrfToken) {
      const err = await toApiError(res)
      if (err.code !== 'csrf') throw err
      res = await send(method, path, opts, await options.refreshCsrfToken())
    }
    if (!res.ok) throw await toApiError(res)
    if (res.status === 204) return undefined as T
    const text = await res.text()
    return (text ? JSON.parse(text) : undefined) as T
  }

  const get = <T>(path: string, query?: Query) => request<T>('GET', path, { query })
  const post = <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} })
  const put = <T>(path: string, body: unknown) => request<T>('PUT', path, { body })
  const enc = encodeURIComponent

  return {
    auth: {
      state: () => get<AuthState>('/auth/state'),
      setup: (body: { name: string; email: string; password: string }) => post<SignedIn>('/auth/setup', body),
      login: (body: { email: string; password: string }) => post<SignedIn>('/auth/login', body),
      logout: () => post<void>('/auth/logout'),
    },
    channels: {
      default: () => get<Channel>('/channels/default'),
    },
    friends: {
      list: (q: { q?: string; status?: FriendStatus; page?: number; pageSize?: number } = {}) =>
        get<Paged<Friend>>('/friends', q),
      get: (id: string) => get<FriendDetail>(`/friends/${enc(id)}`),
      messages: (id: string, q: { before?: string; limit?: number } = {}) =>
        get<MessagePage>(`/friends/${enc(id)}/messages`, q),
      runs: (id: string, q: { page?: number; pageSize?: number } = {}) =>
        get<Paged<FlowRun>>(`/friends/${enc(id)}/runs`, q),
    },
    flows: {
      list: (q: { status?: FlowStatus } = {}) => get<{ items: FlowSummary[] }>('/flows', q),
      create: (body: { name: string; description?: string }) => post<FlowDetail>('/flows', body),
      get: (id: string) => get<FlowDetail>(`/flows/${enc(id)}`),
      saveDraft: (id: string, body: { draft: FlowDefinitionInput; name?: string; description?: string }) =>
        put<{ draftUpdatedAt: string; issues: FlowIssue[] }>(`/flows/${enc(id)}/draft`, body),
      publish: (id: string) => post<{ version: number; status: FlowStatus }>(`/flows/${enc(id)}/publish`),
      pause: (id: string) => post<{ status: FlowStatus }>(`/flows/${enc(id)}/pause`),
      resume: (id: string) => post<{ status: FlowStatus }>(`/flows/${enc(id)}/resume`),
      archive: (id: string) => post<{ status: FlowStatus }>(`/flows/${enc(id)}/archive`),
      duplicate: (id: string) => post<FlowDetail>(`/flows/${enc(id)}/duplicate`),
      preview: (id: string, body: PreviewRequest) => post<PreviewResult>(`/flows/${enc(id)}/preview`, body),
      runs: (id: string, q: { status?: RunStatus; page?: number; pageSize?: number } = {}) =>
        get<Paged<FlowRun>>(`/flows/${enc(id)}/runs`, q),
    },
    // Scenario versions: moving running friends to the newest one, stopping every run
    flowVersions: {
      list: (id: string) => get<{ items: FlowVersionSummary[] }>(`/flows/${enc(id)}/versions`),
      get: (id: string, version: number) => get<FlowVersionDetail>(`/flows/${enc(id)}/versions/${version}`),
      migrationPreview: (id: string, to?: number) =>
        get<FlowMigrationPreview>(`/flows/${enc(id)}/migration`, to === undefined ? {} : { to }),
      migrate: (id: string, body: FlowMigrationRequest) =>
        post<FlowMigrationResult>(`/flows/${enc(id)}/migration`, body),
      stop: (id: string) => post<FlowStopResult>(`/flows/${enc(id)}/stop`),
    },
    runs: {
      get: (id: string) => get<FlowRunDetail>(`/runs/${enc(id)}`),
      cancel: (id: string) => post<unknown>(`/runs/${enc(id)}/cancel`),
    },
    tags: {
      list: () => get<{ items: Tag[] }>('/tags'),
    },
    fields: {
      list: () => get<{ items: FriendField[] }>('/fields'),
    },
    // Reminders (リマインダ配信)
    reminders: {
      list: (q: { status?: ReminderSetStatus } = {}) => get<{ items: ReminderSetView[] }>('/reminders', q),
      create: (body: ReminderSetInput) => post<ReminderSetView>('/reminders', body),
      get: (id: string) => get<ReminderSetView>(`/reminders/${enc(id)}`),
      save: (id: string, body: ReminderSetInput) => put<ReminderSetView>(`/reminders/${enc(id)}`, body),
      archive: (id: string) => post<ReminderSetView>(`/reminders/${enc(id)}/archive`),
      /** `target`: epoch ms or an ISO date-time with offset. */
      start: (id: string, body: { friendId: string; target: number | string }) =>
        post<{ workflowId: string }>(`/reminders/${enc(id)}/runs`, body),
      runs: (id: string, q: { status?: ReminderRunStatus; page?: number; pageSize?: number } = {}) =>
        get<Paged<ReminderRun>>(`/reminders/${enc(id)}/runs`, q),
      cancelRun: (id: string, runId: string) =>
        post<unknown>(`/reminders/${enc(id)}/runs/${enc(runId)}/cancel`),
    },
    // Staff notifications (the bell)
    notifications: {
      list: (q: { unread?: boolean; page?: number; pageSize?: number } = {}) =>
        get<NotificationPage>('/notifications', { ...q, unread: q.unread ? 'true' : undefined }),
      read: (id: string) => post<{ readAt: string }>(`/notifications/${enc(id)}/read`),
      readAll: () => post<{ updated: number }>('/notifications/read-all'),
    },
    settings: {
      greeting: () => get<{ messages: LineMessage[] }>('/settings/greeting'),
      saveGreeting: (messages: EditableMessage[]) =>
        put<{ messages: LineMessage[] }>('/settings/greeting', { messages }),
    },
    simulator: {
      users: () => get<{ users: SimUser[] }>('/simulator/users'),
      createUser: (body: { displayName: string; pictureUrl?: string }) =>
        post<SimUser>('/simulator/users', body),
      follow: (userId: string) => post<unknown>(`/simulator/users/${enc(userId)}/follow`),
      unfollow: (userId: string) => post<unknown>(`/simulator/users/${enc(userId)}/unfollow`),
      send: (userId: string, message: SimUserMessage) =>
        post<unknown>(`/simulator/users/${enc(userId)}/messages`, message),
      postback: (userId: string, data: string) =>
        post<unknown>(`/simulator/users/${enc(userId)}/postback`, { data }),
      chat: (userId: string) => get<{ items: SimChatItem[] }>(`/simulator/users/${enc(userId)}/chat`),
    },
  }
}

export type Api = ReturnType<typeof createApi>
