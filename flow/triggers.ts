import type { FlowDefinition, FlowNode } from './graph'
import type { FriendSnapshot } from './context'
import { isTriggerType } from './flowIndex'
import { findRunner } from './runners'

/**
 * What can start a scenario. The dispatcher (the `lineEvent` workflow, the api for manual/API starts,
 * the `scenario` workflow for `action.startScenario`) asks `triggerMatches` of each published flow's
 * trigger node, then `mayEnter` for the re-entry setting.
 */
export type TriggerEvent =
  | { kind: 'follow'; refollow: boolean }
  | { kind: 'tagAdded'; tagId: string }
  | { kind: 'message'; text: string }
  | { kind: 'postback'; data: string }
  | { kind: 'manual'; staffId?: string }
  | { kind: 'api'; key?: string }
  | { kind: 'scenario'; fromFlowId: string }

export function triggerNode(def: FlowDefinition): FlowNode | undefined {
  return def.nodes.find((n) => isTriggerType(n.type))
}

/** For a normalized flow (`normalizeFlow`): its params are taken as parsed. */
export function triggerMatches(def: FlowDefinition, event: TriggerEvent): boolean {
  const node = triggerNode(def)
  const matches = node && findRunner(node.type, node.version)?.triggerMatches
  return !!matches && matches(node.params, event)
}

/** `once`: a friend who ever entered this flow does not enter again; `allow`: unless a run is active now. */
export function mayEnter(def: FlowDefinition, flowId: string, friend: FriendSnapshot): boolean {
  if (friend.blocked) return false
  const runs = friend.history.scenarios.filter((s) => s.flowId === flowId)
  if (runs.some((r) => r.state === 'active')) return false
  return def.settings.reentry === 'allow' || runs.length === 0
}
