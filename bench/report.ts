import type { LoadResult } from './load'
import { round, summarize, type LatencySummary } from './stats'

export interface LoadReport {
  label: string
  batch: number
  requests: number
  eventsPerSecond: number
  latencyMs: LatencySummary
  statuses: Record<string, number>
}

/** Accepted events per second and latency of one load run, printed as a JSON line. */
export function report(label: string, result: LoadResult, batch: number): LoadReport {
  const ok = result.statuses.get(200) ?? 0
  const line: LoadReport = {
    label,
    batch,
    requests: result.requests,
    eventsPerSecond: round((ok * batch) / (result.elapsedMs / 1000)),
    latencyMs: summarize(result.latencies),
    statuses: Object.fromEntries(result.statuses),
  }
  console.log(JSON.stringify(line))
  return line
}
