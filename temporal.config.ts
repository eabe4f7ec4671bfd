import { searchAttributeKeys } from './workflows/contracts/searchAttributes'
import { sendQueueOf } from './workflows/contracts/taskQueues'

const mainQueue = process.env.TEMPORAL_TASK_QUEUE ?? 'enishi-main'

/**
 * Everything Enishi needs to know about Temporal, in one place: where the server is,
 * which namespace and task queues to use, how the local dev server is started.
 */
export const temporalConfig = {
  /** Set TEMPORAL_ADDRESS to use an existing server or cluster; then nothing is started. */
  address: process.env.TEMPORAL_ADDRESS,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueues: {
    /** Workflows and non-sending activities. */
    main: mainQueue,
    /** LINE sends: rate limited by Temporal, not by hand. */
    lineSend: sendQueueOf(mainQueue),
  },
  /** Requests per second the sending task queue may run (LINE push/reply limit is 2,000 req/s). */
  lineSendPerSecond: Number(process.env.TEMPORAL_LINE_SEND_PER_SECOND ?? 1000),
  /**
   * Workflow runs a worker keeps in memory between their steps. A friend waiting for days need not
   * be: past the bound the least recently used run is evicted and replayed from its history when it
   * wakes, which keeps the worker's memory flat however many friends are waiting.
   */
  maxCachedWorkflows: Number(process.env.TEMPORAL_MAX_CACHED_WORKFLOWS ?? 200),
  devServer: {
    /** The CLI version that `go install` can build (later ones carry a local `replace`). */
    cliVersion: 'v1.5.1',
    cliModule: 'github.com/temporalio/cli/cmd/temporal',
    host: '127.0.0.1',
    port: Number(process.env.TEMPORAL_DEV_PORT ?? 7233),
    uiPort: Number(process.env.TEMPORAL_DEV_UI_PORT ?? 8233),
  },
  /** Custom search attributes registered on the dev server (and expected on a cluster). */
  searchAttributes: searchAttributeKeys,
} as const

export function temporalAddress(): string {
  return temporalConfig.address ?? `${temporalConfig.devServer.host}:${temporalConfig.devServer.port}`
}
