import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { temporal } from '@temporalio/proto'

type History = temporal.api.history.v1.IHistory

/** A history as stored: its protobuf encoding in base64 (exact, unlike a JSON rendering). */
export function encodeHistory(history: History): string {
  return Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64')
}

/** Histories of finished runs, recorded from a real Temporal (see tests/integration/scenarioSplit.test.ts). */
export const recordedHistoriesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'histories')

export async function recordedHistories(): Promise<{ file: string; workflowId: string; history: History }[]> {
  const files = (await readdir(recordedHistoriesDir)).filter((f) => f.endsWith('.json')).sort()
  return Promise.all(
    files.map(async (file) => {
      const { workflowId, history } = JSON.parse(
        await readFile(path.join(recordedHistoriesDir, file), 'utf8'),
      )
      return {
        file,
        workflowId,
        history: temporal.api.history.v1.History.decode(Buffer.from(history, 'base64')),
      }
    }),
  )
}
