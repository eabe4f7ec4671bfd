import { indexFlow, isTriggerType } from './flowIndex'
import type { FlowDefinition } from './graph'

/**
 * How runs waiting in an older version of a flow go on in a newer one: at `mapping[waiting node]`
 * of `definition`, or for a node not in `mapping` they end (`end`) or start over after the trigger
 * (`restart`). Shared by the scenario workflow (which applies it) and the API (which previews it).
 */
export interface VersionMapping {
  definition: FlowDefinition
  /** Node of the run's version → node of `definition` (the API fills in same-ID nodes). */
  mapping: Record<string, string>
  unmapped: 'end' | 'restart'
}

/** Where a run waiting at `fromNodeId` goes in the mapping's version. */
export type MigrationTarget =
  { kind: 'node'; nodeId: string } | { kind: 'restart'; nodeId: string } | { kind: 'end' }

/** Whether a run can go on at this node: any node but a trigger (a run enters a flow only once). */
export function isResumable(definition: FlowDefinition, nodeId: string): boolean {
  const node = definition.nodes.find((n) => n.id === nodeId)
  return !!node && !isTriggerType(node.type)
}

export function migrationTarget(migration: VersionMapping, fromNodeId: string): MigrationTarget {
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
