import * as runs from './nodes/runs'
import type { NodeRunner } from './step'

/** The interpreter step of every node type and version in the registry. */
export const nodeRunners: readonly NodeRunner[] = Object.values(runs)

const byKey = new Map(nodeRunners.map((r) => [`${r.type}@${r.version}`, r]))

export function findRunner(type: string, version: number): NodeRunner | undefined {
  return byKey.get(`${type}@${version}`)
}
