import type { OutgoingMessage } from './lineMessage'
import type { TextMatch, DataMatch } from './match'

/**
 * The only door between a flow step and the world. The interpreter and every `run.ts` step do no I/O
 * and keep no state outside their local variables; everything that touches time, randomness, LINE or
 * the database goes through this interface. Two implementations exist:
 *
 * - Temporal (workflows/): `now` = workflow time, `random` = the workflow's seeded Math.random,
 *   `sleepUntil` = `sleep`, `waitForEvent` = `condition` over signals, the rest = activities (the send
 *   activity carries a retry key from `uuid4()`).
 * - Simulated (flow/sim/): a discrete-event clock for the studio's time-travel preview and tests.
 *
 * Contract (both implementations):
 * - `now()` never goes backwards; it only moves forward inside `sleepUntil`, `waitForEvent` and awaited calls.
 * - `sleepUntil` and `waitForEvent` resolve early when the run is interrupted (`interruption()` then
 *   tells why); callers check `interruption()` after every await.
 * - `waitForEvent` only sees events that happen after the call.
 * - `friend()` is a snapshot: it changes only through `refreshFriend()` and `applyActions()`.
 * - `trace()` is synchronous and must not fail the run.
 */
export interface FlowContext {
  readonly channel: ChannelSettings
  /** Current time, epoch ms. */
  now(): number
  /** Deterministic random number in [0, 1). */
  random(): number
  /** Resolves at `at` (at once if it is past), or earlier when the run is interrupted. */
  sleepUntil(at: number): Promise<void>
  /** The first matching friend event before `deadline`; null on timeout or interruption. */
  waitForEvent(matcher: EventMatcher, deadline: number): Promise<FriendEvent | null>
  /** Sends LINE messages to the friend (push with a retry key: a retried send is never sent twice). */
  send(request: SendRequest): Promise<SendResult>
  /** Scenario sends to this friend (from any scenario) in [from, to): the frequency cap counts these. */
  scenarioSendCount(from: number, to: number): Promise<number>
  /** Applies actions to the friend; when it resolves, `friend()` reflects them. */
  applyActions(nodeId: string, actions: FlowAction[]): Promise<ActionResult>
  /** The friend as last loaded. */
  friend(): FriendSnapshot
  /** Reloads the friend (tags, fields, history may have changed while the run waited). */
  refreshFriend(): Promise<FriendSnapshot>
  /**
   * Set when the run must stop now: the friend blocked the account, staff / another scenario stopped it,
   * or staff moved it to a newer version (then it suspends at the waiting node instead of ending).
   */
  interruption(): Interruption | null
  /** Records what happened and why (visible in the studio's run view and preview). */
  trace(entry: TraceEntry): void
}

export interface QuietHours {
  /** `HH:MM`: sends from this time on wait… */
  start: string
  /** …until this time (`22:00`–`08:00` spans midnight). */
  end: string
}

export interface ChannelSettings {
  /** IANA zone; a flow's own `settings.timezone` wins. Default Asia/Tokyo. */
  timezone?: string
  quietHours?: QuietHours | null
  /** At most this many scenario sends per friend per calendar day (channel time zone). */
  frequencyCap?: { perDay: number } | null
}

export type FieldType = 'text' | 'number' | 'date' | 'datetime' | 'select'

/** A friend field value with its type: dates are `YYYY-MM-DD`, datetimes epoch ms. */
export type FieldValue =
  | { type: 'text'; value: string | null }
  | { type: 'number'; value: number | null }
  | { type: 'date'; value: string | null }
  | { type: 'datetime'; value: number | null }
  | { type: 'select'; value: string | null }

export interface ScenarioRecord {
  flowId: string
  state: 'active' | 'completed' | 'stopped' | 'blocked' | 'error'
  startedAt: number
  endedAt?: number | null
  /** The end reason was a goal. */
  goal?: boolean
}

export interface FriendSnapshot {
  id: string
  displayName: string
  /** The friend blocked the account: nothing more may be sent. */
  blocked: boolean
  followedAt: number | null
  /** Tag IDs. */
  tags: string[]
  /** By field key (the `{key}` used in message text). */
  fields: Record<string, FieldValue>
  history: {
    /** Replies, postbacks and tracked-link clicks, oldest first. */
    events: FriendEvent[]
    scenarios: ScenarioRecord[]
  }
}

/** Something the friend did. `flowId`/`nodeId` say which scenario message a click or postback came from. */
export type FriendEvent =
  | { kind: 'reply'; at: number; text: string }
  | { kind: 'postback'; at: number; data: string; flowId?: string; nodeId?: string }
  | { kind: 'click'; at: number; url: string; flowId?: string; nodeId?: string }
  | { kind: 'tagAdded'; at: number; tagId: string }

/** What a `waitForEvent` waits for (see `matchesEvent` in match.ts). */
export type EventMatcher =
  | { kind: 'reply'; match?: TextMatch }
  | { kind: 'postback'; data: string; match: DataMatch }
  | { kind: 'tagAdded'; tagId: string }

export interface SendRequest {
  nodeId: string
  /** Final LINE message objects (placeholders filled, quick replies and sender attached). */
  messages: OutgoingMessage[]
}

export interface SendResult {
  ok: boolean
  /** LINE's `x-line-request-id`. */
  requestId?: string
  /** LINE refused because the friend blocked the account (or the friend is known to be blocked). */
  blocked?: boolean
  error?: { message: string; status?: number; code?: string }
}

export type FieldChange = { key: string; op: 'set'; value: string | number } | { key: string; op: 'clear' }

export type FlowAction =
  | { kind: 'tags'; add: string[]; remove: string[] }
  | { kind: 'fields'; changes: FieldChange[] }
  | { kind: 'startScenario'; flowId: string }
  | { kind: 'stopScenario'; flowId: string }
  | { kind: 'notifyStaff'; message: string; email: boolean }
  | { kind: 'markAttention'; note: string | null }

export interface ActionResult {
  ok: boolean
  error?: string
}

export interface Interruption {
  reason: 'stopped' | 'blocked' | 'migrated'
  detail?: string
}

/** `migrated`: staff moved the run to a newer version in which it had nowhere to go on. */
export type EndReason = 'completed' | 'goal' | 'blocked' | 'stopped' | 'migrated' | 'error'

export type TraceEvent =
  | 'run.start'
  | 'node.enter'
  | 'node.exit'
  | 'delivery.delayed'
  | 'send'
  | 'send.failed'
  | 'wait'
  | 'event.received'
  | 'event.timeout'
  | 'decision'
  | 'split'
  | 'actions'
  | 'goal'
  | 'migrated'
  | 'run.end'

export interface TraceEntry {
  at: number
  event: TraceEvent
  nodeId?: string
  data?: Record<string, unknown>
}
