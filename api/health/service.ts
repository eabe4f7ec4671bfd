import proto from '@temporalio/proto'
import type { ApiDeps } from '../deps'
import { temporalConfig } from '../../temporal.config'
import { sendQueueOf } from '../../workflows/contracts/taskQueues'
import type { Check } from './schemas'

const CHECK_DEADLINE_MS = 1_500
/** A poller seen within this window counts as a live worker. */
const POLLER_FRESH_MS = 90_000

// @temporalio/proto is CommonJS: named ESM imports of it fail under Node.
const { TaskQueueType } = proto.temporal.api.enums.v1

async function database({ prisma }: ApiDeps): Promise<Check> {
  try {
    await prisma.$queryRaw`SELECT 1`
    return { ok: true }
  } catch (err) {
    return { ok: false, detail: (err as Error).message }
  }
}

async function queuePolled(
  { temporal }: ApiDeps,
  name: string,
  type: proto.temporal.api.enums.v1.TaskQueueType,
): Promise<boolean> {
  const res = await temporal.workflowService.describeTaskQueue({
    namespace: temporalConfig.namespace,
    taskQueue: { name },
    taskQueueType: type,
  })
  const now = Date.now()
  return (res.pollers ?? []).some((p) => {
    const seconds = Number(p.lastAccessTime?.seconds ?? 0)
    return now - seconds * 1000 < POLLER_FRESH_MS
  })
}

async function temporalAndWorkers(deps: ApiDeps): Promise<{ temporal: Check; worker: Check }> {
  const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = TaskQueueType
  try {
    const [workflows, sends] = await deps.temporal.withDeadline(Date.now() + CHECK_DEADLINE_MS, () =>
      Promise.all([
        queuePolled(deps, deps.taskQueue, TASK_QUEUE_TYPE_WORKFLOW),
        queuePolled(deps, sendQueueOf(deps.taskQueue), TASK_QUEUE_TYPE_ACTIVITY),
      ]),
    )
    const worker =
      workflows && sends ? { ok: true } : { ok: false, detail: 'no worker is polling the task queues' }
    return { temporal: { ok: true }, worker }
  } catch (err) {
    const detail = (err as Error).message
    return { temporal: { ok: false, detail }, worker: { ok: false, detail: 'Temporal unreachable' } }
  }
}

/** Whether the database, Temporal and a worker (workflow and send queues) all answer. */
export async function readiness(deps: ApiDeps) {
  const [db, t] = await Promise.all([database(deps), temporalAndWorkers(deps)])
  const checks = { database: db, temporal: t.temporal, worker: t.worker }
  return { ok: Object.values(checks).every((c) => c.ok), checks }
}
