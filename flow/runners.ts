import { run as triggerFollow } from './nodes/trigger.follow/run'
import { run as triggerTagAdded } from './nodes/trigger.tagAdded/run'
import { run as triggerKeyword } from './nodes/trigger.keyword/run'
import { run as triggerPostback } from './nodes/trigger.postback/run'
import { run as triggerManual } from './nodes/trigger.manual/run'
import { run as triggerApi } from './nodes/trigger.api/run'
import { run as triggerScenario } from './nodes/trigger.scenario/run'
import { run as message } from './nodes/message/run'
import { run as wait } from './nodes/wait/run'
import { run as waitForEvent } from './nodes/waitForEvent/run'
import { run as branch } from './nodes/branch/run'
import { run as split } from './nodes/split/run'
import { run as actionTags } from './nodes/action.tags/run'
import { run as actionFields } from './nodes/action.fields/run'
import { run as actionStartScenario } from './nodes/action.startScenario/run'
import { run as actionStopScenario } from './nodes/action.stopScenario/run'
import { run as actionNotifyStaff } from './nodes/action.notifyStaff/run'
import { run as actionMarkAttention } from './nodes/action.markAttention/run'
import { run as goal } from './nodes/goal/run'
import { run as end } from './nodes/end/run'
import type { NodeRunner } from './step'

/** The interpreter step of every node type and version in the registry. */
export const nodeRunners: readonly NodeRunner[] = [
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

const byKey = new Map(nodeRunners.map((r) => [`${r.type}@${r.version}`, r]))

export function findRunner(type: string, version: number): NodeRunner | undefined {
  return byKey.get(`${type}@${version}`)
}
