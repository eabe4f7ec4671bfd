import { createRequire } from 'node:module'
import { Client } from '@temporalio/client'
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  bundleWorkflowCode,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker'
import { createActivities, createSendActivities } from '../activities'
import { temporalGateway } from '../api/temporal/gateway'
import { createLineClients } from '../activities/line'
import type { Mailer } from '../activities/mail'
import type { PrismaClient } from '../prisma/client'
import { temporalConfig } from '../temporal.config'
import { sendQueueOf } from '../workflows/contracts/taskQueues'

const require = createRequire(import.meta.url)

let runtimeInstalled = false
/** Temporal's runtime logs at INFO by default; Enishi's processes only want warnings and errors. */
function installRuntime() {
  if (runtimeInstalled) return
  runtimeInstalled = true
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] })
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined
/** Bundled once per process; both workers of a process share it. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows/index.ts'),
    logger: new DefaultLogger('WARN'),
  })
  return bundle
}

export interface RunningWorker {
  /** Resolves when both workers have stopped. */
  done: Promise<void>
  shutdown(): Promise<void>
}

/** Runs the main and the sending worker against one connection. */
export async function startWorkers(options: {
  prisma: PrismaClient
  address: string
  /** The main task queue; the sending queue is derived from it. */
  taskQueue: string
  mailer: Mailer
  studioOrigin: string
}): Promise<RunningWorker> {
  installRuntime()
  const connection = await NativeConnection.connect({ address: options.address })
  const line = createLineClients(options.prisma)
  // Activities that start or signal workflows do it through the gateway, on the worker's connection.
  const client = new Client({ connection, namespace: temporalConfig.namespace })
  const deps = {
    prisma: options.prisma,
    line,
    mailer: options.mailer,
    studioOrigin: options.studioOrigin,
    reminders: temporalGateway(client, options.taskQueue),
  }
  const workflows = await workflowBundle()
  const common = { connection, namespace: temporalConfig.namespace }
  const main = await Worker.create({
    ...common,
    taskQueue: options.taskQueue,
    workflowBundle: workflows,
    maxCachedWorkflows: temporalConfig.maxCachedWorkflows,
    activities: createActivities(deps),
  })
  const sender = await Worker.create({
    ...common,
    taskQueue: sendQueueOf(options.taskQueue),
    activities: createSendActivities(deps),
    maxTaskQueueActivitiesPerSecond: temporalConfig.lineSendPerSecond,
  })
  const done = Promise.all([main.run(), sender.run()]).then(() => connection.close())
  return {
    done,
    async shutdown() {
      for (const w of [main, sender]) if (w.getState() === 'RUNNING') w.shutdown()
      await done
    },
  }
}
