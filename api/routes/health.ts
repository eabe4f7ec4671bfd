import proto from '@temporalio/proto'
import type { FastifyPluginAsync } from 'fastify'
import { temporalConfig } from '../../temporal.config'
import { sendQueueOf } from '../../workflows/taskQueues'

const CHECK_DEADLINE_MS = 1_500
/** A poller seen within this window counts as a live worker. */
const POLLER_FRESH_MS = 90_000

type Check = { ok: boolean; detail?: string }
// @temporalio/proto is CommonJS: named ESM imports of it fail under Node.
const { TaskQueueType } = proto.temporal.api.enums.v1

export const healthRoutes: FastifyPluginAsync = async (app) => {
  const { prisma, temporal: client } = app.deps

  async function database(): Promise<Check> {
    try {
      await prisma.$queryRaw`SELECT 1`
      return { ok: true }
    } catch (err) {
      return { ok: false, detail: (err as Error).message }
    }
  }

  async function queuePolled(
    name: string,
    type: proto.temporal.api.enums.v1.TaskQueueType,
  ): Promise<boolean> {
    const res = await client.workflowService.describeTaskQueue({
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

  async function temporalAndWorkers(): Promise<{ temporal: Check; worker: Check }> {
    const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = TaskQueueType
    try {
      const [workflows, sends] = await client.withDeadline(Date.now() + CHECK_DEADLINE_MS, () =>
        Promise.all([
          queuePolled(app.deps.taskQueue, TASK_QUEUE_TYPE_WORKFLOW),
          queuePolled(sendQueueOf(app.deps.taskQueue), TASK_QUEUE_TYPE_ACTIVITY),
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

  app.get('/healthz', { schema: { tags: ['health'] } }, async () => ({ ok: true }))

  app.get('/readyz', { schema: { tags: ['health'] } }, async (_request, reply) => {
    const [db, t] = await Promise.all([database(), temporalAndWorkers()])
    const checks = { database: db, temporal: t.temporal, worker: t.worker }
    const ok = Object.values(checks).every((c) => c.ok)
    return reply.code(ok ? 200 : 503).send({ ok, checks })
  })
}
