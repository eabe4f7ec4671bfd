import { Client, Connection } from '@temporalio/client'
import { saturate } from './load'
import { report, type LoadReport } from './report'

/**
 * How many workflow starts per second the Temporal server takes from one client with nothing else
 * to do: the ceiling any per-event hand-off is bounded by on this machine.
 */
export async function temporalStartCeiling(address: string, seconds: number): Promise<LoadReport> {
  const connection = await Connection.connect({ address })
  const client = new Client({ connection })
  let n = 0
  try {
    const result = await saturate(32, seconds, async () => {
      n += 1
      await client.workflow.start('ceilingProbe', {
        workflowId: `ceiling-${process.pid}-${n}`,
        taskQueue: 'ceiling-probe',
      })
      return 200
    })
    return report('temporal start ceiling', result, 1)
  } finally {
    await connection.close()
  }
}
