import type { FriendEvent } from '../flow/context'
import type { FlowDefinition } from '../flow/graph'
import type { TriggerEvent } from '../flow/triggers'

/** What started a run: the trigger kind, when, its details and (for replies) LINE's reply token. */
export interface ScenarioTrigger {
  kind: TriggerEvent['kind']
  /** Epoch ms of the triggering event. */
  at: number
  /** The trigger event's other fields (`{text}` for keywords, `{tagId}`, `{fromFlowId}`, …). */
  data?: Record<string, unknown>
  /** The triggering webhook event's reply token: the run's first send replies while it is fresh. */
  replyToken?: string
}

/** Input of the `scenario` workflow. */
export interface ScenarioInput {
  channelId: string
  flowId: string
  version: number
  /** The published (immutable) version's definition, never a draft. */
  definition: FlowDefinition
  friendId: string
  lineUserId: string
  trigger: ScenarioTrigger
  /** The ScenarioRun row's ID (created by the workflow when missing). */
  runId: string
  /** Set by continue-as-new: where to go on, and how many trace rows are already written. */
  resume?: { nodeId: string; stepsWritten: number; replyUsed: boolean }
}

export type ScenarioRunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled'

export interface ScenarioProgress {
  currentNodeId: string | null
  /** Epoch ms the current wait ends (sleep target or waitForEvent deadline). */
  nextFireAt: number | null
  status: ScenarioRunStatus
}

export interface ScenarioOutcome {
  endReason: string
  endedAt: number
  nodeId?: string
}

/** Signal names (the API can signal by name without importing workflow code). */
export const scenarioSignals = {
  /** `FriendEvent` (reply / postback / tagAdded): wakes a matching waitForEvent. */
  friendEvent: 'friendEvent',
  /** `{detail?: string}`: staff or another scenario cancels the run (ends `stopped`, status cancelled). */
  stop: 'stop',
  /** No argument: the friend blocked the account (ends `blocked`). */
  blocked: 'blocked',
} as const

/** Query name: returns `ScenarioProgress`. */
export const scenarioProgressQuery = 'progress'

export type ScenarioFriendEvent = Extract<FriendEvent, { kind: 'reply' | 'postback' | 'tagAdded' }>

export function scenarioWorkflowId(flowId: string, friendId: string): string {
  return `scenario-${flowId}-${friendId}`
}
