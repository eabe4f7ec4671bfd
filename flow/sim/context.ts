import type {
  ActionResult,
  ChannelSettings,
  EventMatcher,
  FieldValue,
  FlowAction,
  FlowContext,
  FriendEvent,
  FriendSnapshot,
  Interruption,
  SendRequest,
  SendResult,
  TraceEntry,
} from '../context'
import { runnableChannelSettings } from '../channelSettings'
import type { OutgoingMessage } from '../lineMessage'
import { matchesEvent } from '../match'
import { DAY, HOUR, MINUTE, SECOND } from '../time'
import { seededRandom } from './random'

/** Something the simulated friend (or staff) does, at an absolute time or after the start (elapsed time). */
export type SimEvent = (
  { at: number } | { after: { days?: number; hours?: number; minutes?: number; seconds?: number } }
) &
  (
    | { kind: 'reply'; text: string }
    | { kind: 'postback'; data: string; nodeId?: string }
    | { kind: 'click'; url: string; nodeId?: string }
    | { kind: 'tagAdded'; tagId: string }
    | { kind: 'tagRemoved'; tagId: string }
    | { kind: 'field'; key: string; value: FieldValue }
    /** The friend blocks the account. */
    | { kind: 'block' }
    /** Staff or another scenario stops this run. */
    | { kind: 'stop'; detail?: string }
  )

export interface SimSend {
  at: number
  nodeId: string
  messages: OutgoingMessage[]
}

export interface SimAction {
  at: number
  nodeId: string
  actions: FlowAction[]
}

export interface SimContextOptions {
  start: number
  friend?: Partial<FriendSnapshot>
  events?: readonly SimEvent[]
  channel?: ChannelSettings
  seed?: number | string
  flowId?: string
  /** The simulation stops (run ends `stopped`, detail `simulationHorizon`) rather than sleep past this. Default: start + 400 days. */
  until?: number
  /** Sends from these nodes fail as LINE would refuse them (`'blocked'`: as if the friend had blocked). */
  sendFailures?: Readonly<Record<string, { message: string; status?: number } | 'blocked'>>
  /** Times of scenario sends from other scenarios (they count towards the frequency cap). */
  priorSends?: readonly number[]
}

type QueuedEvent = SimEvent & { time: number; seq: number }

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

function eventTime(e: SimEvent, start: number): number {
  if ('at' in e) return Math.max(e.at, start)
  const a = e.after
  return (
    start +
    (a.days ?? 0) * DAY +
    (a.hours ?? 0) * HOUR +
    (a.minutes ?? 0) * MINUTE +
    (a.seconds ?? 0) * SECOND
  )
}

export function simFriend(start: number, friend: Partial<FriendSnapshot> = {}): FriendSnapshot {
  return clone({
    id: 'sim-friend',
    displayName: 'テスト',
    blocked: false,
    followedAt: start,
    tags: [],
    fields: {},
    ...friend,
    history: { events: [], scenarios: [], ...friend.history },
  })
}

/**
 * A discrete-event `FlowContext`: a virtual clock that jumps to the next wake-up or scripted event,
 * no I/O, no real time. `sleepUntil` and `waitForEvent` replay the scripted events in time order
 * (applying their effects to the friend) until the target time or a matching event.
 */
export class SimContext implements FlowContext {
  readonly channel: ChannelSettings
  readonly sends: SimSend[] = []
  readonly actions: SimAction[] = []
  readonly entries: TraceEntry[] = []
  /** The friend as it really is now (the snapshot lags until refreshed, as with a real run). */
  readonly live: FriendSnapshot
  private snapshot: FriendSnapshot
  private clock: number
  private readonly queue: QueuedEvent[]
  private readonly rng: () => number
  private interrupted: Interruption | null = null
  private readonly horizon: number
  private readonly flowId: string | undefined
  private readonly sendFailures: SimContextOptions['sendFailures']
  private readonly priorSends: readonly number[]

  constructor(options: SimContextOptions) {
    this.clock = options.start
    this.channel = runnableChannelSettings(options.channel ?? {})
    this.live = simFriend(options.start, options.friend)
    this.snapshot = clone(this.live)
    this.queue = (options.events ?? [])
      .map((e, seq) => ({ ...e, time: eventTime(e, options.start), seq }))
      .sort((a, b) => a.time - b.time || a.seq - b.seq)
    this.rng = seededRandom(options.seed ?? 1)
    this.horizon = options.until ?? options.start + 400 * DAY
    this.flowId = options.flowId
    this.sendFailures = options.sendFailures
    this.priorSends = options.priorSends ?? []
  }

  now(): number {
    return this.clock
  }

  random(): number {
    return this.rng()
  }

  interruption(): Interruption | null {
    return this.interrupted
  }

  friend(): FriendSnapshot {
    return this.snapshot
  }

  async refreshFriend(): Promise<FriendSnapshot> {
    this.snapshot = clone(this.live)
    return this.snapshot
  }

  trace(entry: TraceEntry): void {
    this.entries.push(entry)
  }

  async sleepUntil(at: number): Promise<void> {
    this.advance(at)
  }

  async waitForEvent(matcher: EventMatcher, deadline: number): Promise<FriendEvent | null> {
    return this.advance(deadline, matcher)
  }

  async send(request: SendRequest): Promise<SendResult> {
    if (this.live.blocked)
      return { ok: false, blocked: true, error: { message: 'The friend blocked the account' } }
    const failure = this.sendFailures?.[request.nodeId]
    if (failure === 'blocked') {
      this.live.blocked = true
      return { ok: false, blocked: true, error: { message: 'The friend blocked the account' } }
    }
    if (failure) return { ok: false, error: { ...failure } }
    this.sends.push({ at: this.clock, nodeId: request.nodeId, messages: clone(request.messages) })
    return { ok: true, requestId: `sim-${this.sends.length}` }
  }

  async scenarioSendCount(from: number, to: number): Promise<number> {
    const inRange = (t: number) => t >= from && t < to
    return this.sends.filter((s) => inRange(s.at)).length + this.priorSends.filter(inRange).length
  }

  async applyActions(nodeId: string, actions: FlowAction[]): Promise<ActionResult> {
    for (const action of actions) {
      switch (action.kind) {
        case 'tags':
          this.live.tags = [...this.live.tags.filter((t) => !action.remove.includes(t))]
          for (const t of action.add) if (!this.live.tags.includes(t)) this.live.tags.push(t)
          break
        case 'fields':
          for (const change of action.changes) {
            const existing = this.live.fields[change.key]
            if (change.op === 'clear') {
              this.live.fields[change.key] = { type: existing?.type ?? 'text', value: null } as FieldValue
            } else {
              const type = existing?.type ?? (typeof change.value === 'number' ? 'number' : 'text')
              this.live.fields[change.key] = { type, value: change.value } as FieldValue
            }
          }
          break
        case 'startScenario':
          this.live.history.scenarios.push({ flowId: action.flowId, state: 'active', startedAt: this.clock })
          break
        case 'stopScenario':
          for (const r of this.live.history.scenarios) {
            if (r.flowId === action.flowId && r.state === 'active') {
              r.state = 'stopped'
              r.endedAt = this.clock
            }
          }
          break
        case 'notifyStaff':
        case 'markAttention':
          break
      }
    }
    this.actions.push({ at: this.clock, nodeId, actions: clone(actions) })
    this.snapshot = clone(this.live)
    return { ok: true }
  }

  /** Plays scripted events up to `until`; with a matcher, stops at the first matching one. */
  private advance(until: number, matcher?: EventMatcher): FriendEvent | null {
    const target = Math.min(until, this.horizon)
    for (let head = this.queue[0]; head && head.time <= target; head = this.queue[0]) {
      this.queue.shift()
      this.clock = Math.max(this.clock, head.time)
      const event = this.apply(head)
      if (this.interrupted) return null
      if (matcher && event && matchesEvent(matcher, event)) return event
    }
    this.clock = Math.max(this.clock, target)
    if (until > this.horizon) this.interrupted = { reason: 'stopped', detail: 'simulationHorizon' }
    return null
  }

  private apply(e: QueuedEvent): FriendEvent | null {
    const at = this.clock
    // A postback or click from one of this flow's messages names the node (and the flow) it came from.
    const fromNode = (nodeId?: string) =>
      nodeId ? { ...(this.flowId ? { flowId: this.flowId } : {}), nodeId } : {}
    const remember = (event: FriendEvent) => {
      this.live.history.events.push(event)
      return event
    }
    switch (e.kind) {
      case 'reply':
        return remember({ kind: 'reply', at, text: e.text })
      case 'postback':
        return remember({ kind: 'postback', at, data: e.data, ...fromNode(e.nodeId) })
      case 'click':
        return remember({ kind: 'click', at, url: e.url, ...fromNode(e.nodeId) })
      case 'tagAdded':
        if (!this.live.tags.includes(e.tagId)) this.live.tags.push(e.tagId)
        return { kind: 'tagAdded', at, tagId: e.tagId }
      case 'tagRemoved':
        this.live.tags = this.live.tags.filter((t) => t !== e.tagId)
        return null
      case 'field':
        this.live.fields[e.key] = clone(e.value)
        return null
      case 'block':
        this.live.blocked = true
        this.interrupted = { reason: 'blocked' }
        return null
      case 'stop':
        this.interrupted = { reason: 'stopped', ...(e.detail ? { detail: e.detail } : {}) }
        return null
    }
  }
}
