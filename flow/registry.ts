import { spec as triggerFollow } from './nodes/trigger.follow/spec'
import { spec as triggerTagAdded } from './nodes/trigger.tagAdded/spec'
import { spec as triggerKeyword } from './nodes/trigger.keyword/spec'
import { spec as triggerPostback } from './nodes/trigger.postback/spec'
import { spec as triggerManual } from './nodes/trigger.manual/spec'
import { spec as triggerApi } from './nodes/trigger.api/spec'
import { spec as triggerScenario } from './nodes/trigger.scenario/spec'
import { spec as message } from './nodes/message/spec'
import { spec as wait } from './nodes/wait/spec'
import { spec as waitForEvent } from './nodes/waitForEvent/spec'
import { spec as branch } from './nodes/branch/spec'
import { spec as split } from './nodes/split/spec'
import { spec as actionTags } from './nodes/action.tags/spec'
import { spec as actionFields } from './nodes/action.fields/spec'
import { spec as actionStartScenario } from './nodes/action.startScenario/spec'
import { spec as actionStopScenario } from './nodes/action.stopScenario/spec'
import { spec as actionNotifyStaff } from './nodes/action.notifyStaff/spec'
import { spec as actionMarkAttention } from './nodes/action.markAttention/spec'
import { spec as goal } from './nodes/goal/spec'
import { spec as end } from './nodes/end/spec'
import type { NodeCategory, NodeSpec } from './spec'

/**
 * Every node type and version the platform knows. A published flow names `type` + `version` per
 * node; both must be found here. When a node's behaviour changes, its old version stays listed
 * (moved to `nodes/<type>/v<N>/`, marked `deprecated`) so old published flows keep running as they were.
 */
export const nodeSpecs: readonly NodeSpec[] = [
  triggerFollow,
  triggerTagAdded,
  triggerKeyword,
  triggerPostback,
  triggerManual,
  triggerApi,
  triggerScenario,
  message,
  wait,
  waitForEvent,
  branch,
  split,
  actionTags,
  actionFields,
  actionStartScenario,
  actionStopScenario,
  actionNotifyStaff,
  actionMarkAttention,
  goal,
  end,
]

const byKey = new Map(nodeSpecs.map((s) => [`${s.type}@${s.version}`, s]))

export function findSpec(type: string, version: number): NodeSpec | undefined {
  return byKey.get(`${type}@${version}`)
}

/** Versions known for a type, oldest first (empty for an unknown type). */
export function specVersions(type: string): NodeSpec[] {
  return nodeSpecs.filter((s) => s.type === type).sort((a, b) => a.version - b.version)
}

/** The newest version of a type: what the palette creates. */
export function latestSpec(type: string): NodeSpec | undefined {
  return specVersions(type).at(-1)
}

/** The palette: the newest non-deprecated version of each type, grouped by category in palette order. */
export function paletteSpecs(): { category: NodeCategory; specs: NodeSpec[] }[] {
  const latest = [...new Set(nodeSpecs.map((s) => s.type))]
    .map((t) => latestSpec(t))
    .filter((s): s is NodeSpec => s !== undefined && !s.deprecated)
  const order: NodeCategory[] = ['trigger', 'message', 'timing', 'logic', 'action', 'end']
  return order.map((category) => ({ category, specs: latest.filter((s) => s.category === category) }))
}
