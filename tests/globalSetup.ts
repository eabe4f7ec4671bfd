import type { TestProject } from 'vitest/node'
import { startTemporalDevServer, type RunningTemporal } from '../stack/temporal'

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string
  }
}

let temporal: RunningTemporal | undefined

/** A real Temporal dev server (in memory) shared by every test file; TEMPORAL_ADDRESS uses an existing one. */
export async function setup(project: TestProject): Promise<void> {
  let address = process.env.TEMPORAL_ADDRESS
  if (!address) {
    temporal = await startTemporalDevServer({ log: (line) => console.log(line) })
    address = temporal.address
  }
  project.provide('temporalAddress', address)
}

export async function teardown(): Promise<void> {
  await temporal?.stop()
}
