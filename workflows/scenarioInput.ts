import type { FriendEvent } from '../flow/context'
import { indexFlow, isTriggerType } from '../flow/flowIndex'
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
 * wait (at once when it is waiting): it goes on at `mapping[waiting node]` of `definition`, or for a
 * node not in `mapping` it ends (`end`, reason `migrated`) or starts over after the trigger (`restart`).
 */
export interface ScenarioMigration {
  toVersion: number
  definition: FlowDefinition
  /** Node of the run's version → node of `definition` (the API fills in same-ID nodes). */
  mapping: Record<string, string>
  unmapped: 'end' | 'restart'
}

/** Where a run waiting at `fromNodeId` goes in the migration's version. */
export type MigrationTarget =
  { kind: 'node'; nodeId: string } | { kind: 'restart'; nodeId: string } | { kind: 'end' }

/** Whether a run can go on at this node: any node but a trigger (a run enters a flow only once). */
export function isResumable(definition: FlowDefinition, nodeId: string): boolean {
  const node = definition.nodes.find((n) => n.id === nodeId)
  return !!node && !isTriggerType(node.type)
}

export function migrationTarget(migration: ScenarioMigration, fromNodeId: string): MigrationTarget {
  const mapped = migration.mapping[fromNodeId]
  if (mapped !== undefined && isResumable(migration.definition, mapped))
    return { kind: 'node', nodeId: mapped }
  if (migration.unmapped === 'restart') {
    const index = indexFlow(migration.definition)
    const first = index && index.target(index.trigger.id, 'next')
    if (first) return { kind: 'restart', nodeId: first }
  }
  return { kind: 'end' }
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
  /** `ScenarioMigration`: staff moved running friends to a newer version (see there). */
  migrate: 'migrate',
} as const

/** Query name: returns `ScenarioProgress`. */
export const scenarioProgressQuery = 'progress'

export type ScenarioFriendEvent = Extract<FriendEvent, { kind: 'reply' | 'postback' | 'tagAdded' }>

export function scenarioWorkflowId(flowId: string, friendId: string): string {
  return `scenario-${flowId}-${friendId}`
}
