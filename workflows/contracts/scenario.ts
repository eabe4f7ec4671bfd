import { defineQuery, defineSignal } from '@temporalio/workflow'
import type { FriendEvent } from '../../flow/context'
import type { FlowDefinition } from '../../flow/graph'
import type { VersionMapping } from '../../flow/migration'
import type { TriggerEvent } from '../../flow/triggers'

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
  /**
   * Set by continue-as-new: where to go on, how many trace rows are already written, and a move to a
   * newer version that arrived but has not found a wait to apply at yet.
   */
  resume?: { nodeId: string; stepsWritten: number; replyUsed: boolean; migration?: ScenarioMigration }
  /** Steps per workflow run before continue-as-new (tests only; default 500). */
  stepsPerRun?: number
}

/**
 * The `migrate` signal: move the run to a newer published version. The run applies it at its next
 * wait (at once when it is waiting), where `VersionMapping` says.
 */
export interface ScenarioMigration extends VersionMapping {
  toVersion: number
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

export type ScenarioFriendEvent = Extract<FriendEvent, { kind: 'reply' | 'postback' | 'tagAdded' }>

/** The `stop` signal's argument: `detail` is traced on the run's end; `by` (a staff ID) stays in the history. */
export interface ScenarioStopArgs {
  detail?: string
  by?: string
}

/** The scenario workflow's signals (their names are in recorded histories: never rename them). */
export const scenarioSignals = {
  /** Reply / postback / tagAdded: wakes a matching waitForEvent. */
  friendEvent: defineSignal<[ScenarioFriendEvent]>('friendEvent'),
  /** Staff or another scenario cancels the run (ends `stopped`, status cancelled). */
  stop: defineSignal<[ScenarioStopArgs?]>('stop'),
  /** The friend blocked the account (ends `blocked`). */
  blocked: defineSignal<[]>('blocked'),
  /** Staff moved running friends to a newer version (see `ScenarioMigration`). */
  migrate: defineSignal<[ScenarioMigration]>('migrate'),
}

export type ScenarioSignal = keyof typeof scenarioSignals

export const scenarioProgressQuery = defineQuery<ScenarioProgress>('progress')

export function scenarioWorkflowId(flowId: string, friendId: string): string {
  return `scenario-${flowId}-${friendId}`
}
