import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  getExternalWorkflowHandle,
  startChild,
  uuid4,
} from '@temporalio/workflow'
import { WorkflowExecutionAlreadyStartedError, type SignalDefinition } from '@temporalio/common'
import type { FriendSnapshot } from '../flow/context'
import { mayEnter, triggerMatches, type TriggerEvent } from '../flow/triggers'
import type { EntryCandidate } from '../activities/scenario'
import type { MainActivities } from '../activities'
import type { scenario } from './scenario'
import { scenarioWorkflowId, type ScenarioInput } from './contracts/scenario'
import { ChannelIdKey, FlowIdKey, FlowVersionKey, FriendIdKey } from './contracts/searchAttributes'

/**
 * Starting and signalling scenario runs from workflow code (`lineEvent`, and `scenario` itself for
 * start/stop-scenario actions and tags it adds). Deterministic: the lists come from activities.
 */

type Acts = Pick<MainActivities, 'listEntryCandidates' | 'listActiveRuns'>

export interface FriendRef {
  channelId: string
  friendId: string
  lineUserId: string
}

/**
 * Starts one run as an abandoned child (it outlives the starter). `once` flows reject a second run
 * with the same workflow ID even after the first closed; `allow` flows accept one once the previous
 * closed. A run already in progress is never duplicated. Returns whether a run started.
 */
export async function startScenarioRun(
  friend: FriendRef,
  candidate: EntryCandidate,
  trigger: ScenarioInput['trigger'],
): Promise<boolean> {
  const input: ScenarioInput = {
    ...friend,
    flowId: candidate.flowId,
    version: candidate.version,
    definition: candidate.definition,
    trigger,
    runId: uuid4(),
  }
  try {
    await startChild<typeof scenario>('scenario', {
      workflowId: scenarioWorkflowId(candidate.flowId, friend.friendId),
      args: [input],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      workflowIdReusePolicy:
        candidate.definition.settings?.reentry === 'allow'
          ? WorkflowIdReusePolicy.ALLOW_DUPLICATE
          : WorkflowIdReusePolicy.REJECT_DUPLICATE,
      typedSearchAttributes: [
        { key: ChannelIdKey, value: friend.channelId },
        { key: FriendIdKey, value: friend.friendId },
        { key: FlowIdKey, value: candidate.flowId },
        { key: FlowVersionKey, value: candidate.version },
      ],
    })
    return true
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false
    throw err
  }
}

/** Whether a friend may enter a candidate flow for this trigger (trigger node + re-entry rule). */
export function entryAllowed(
  candidate: EntryCandidate,
  event: TriggerEvent,
  friend: FriendSnapshot,
): boolean {
  return (
    triggerMatches(candidate.definition, event) && mayEnter(candidate.definition, candidate.flowId, friend)
  )
}

/**
 * Starts a run of every active flow whose trigger matches. The reply token (if any) goes to the first
 * run started only: a token can be used once. Returns the flow IDs started.
 */
export async function startTriggeredScenarios(
  acts: Acts,
  friend: FriendRef,
  event: TriggerEvent,
  trigger: Omit<ScenarioInput['trigger'], 'kind' | 'data'>,
  except?: string,
): Promise<string[]> {
  const { candidates, friend: snapshot } = await acts.listEntryCandidates({
    channelId: friend.channelId,
    friendId: friend.friendId,
    event,
  })
  if (!snapshot) return []
  const { kind, ...data } = event
  const started: string[] = []
  let replyToken = trigger.replyToken
  for (const candidate of candidates) {
    if (candidate.flowId === except || !entryAllowed(candidate, event, snapshot)) continue
    const ok = await startScenarioRun(friend, candidate, {
      kind,
      at: trigger.at,
      ...(Object.keys(data).length ? { data } : {}),
      ...(replyToken ? { replyToken } : {}),
    })
    if (ok) {
      started.push(candidate.flowId)
      replyToken = undefined
    }
  }
  return started
}

/**
 * Signals runs (scenario or reminder workflows) by workflow ID; a run that has meanwhile closed (or
 * never existed) is skipped.
 */
export async function signalRuns<Args extends unknown[]>(
  workflowIds: string[],
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<void> {
  await Promise.all(
    workflowIds.map(async (id) => {
      try {
        await getExternalWorkflowHandle(id).signal(signal, ...args)
      } catch {
        // Not found / already closed: nothing to tell.
      }
    }),
  )
}
