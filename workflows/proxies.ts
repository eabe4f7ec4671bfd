import { proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow'
import type { MainActivities, SendActivities } from '../activities'
import { sendQueueOf } from './contracts/taskQueues'

/**
 * Database steps are short: as local activities they run inside the workflow task, without a round
 * trip to the Temporal server each, which is what lets one server ingest LINE's event rates.
 */
export const dbSteps = proxyLocalActivities<MainActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 30 },
})

/**
 * LINE sends, on the sending queue beside the workflow's own (Temporal holds it to LINE's rate
 * limit). They time out quickly so a crashed worker's send is retried within seconds, not minutes.
 */
export function lineSends() {
  return proxyActivities<SendActivities>({
    taskQueue: sendQueueOf(workflowInfo().taskQueue),
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '5 minutes', maximumAttempts: 50 },
  })
}
