import { performance } from 'node:perf_hooks'

export interface LoadResult {
  latencies: number[]
  statuses: Map<number, number>
  elapsedMs: number
  requests: number
}

/** Sends one request and answers its HTTP status. */
type Send = () => Promise<number>

function record(result: LoadResult, status: number, started: number) {
  result.latencies.push(performance.now() - started)
  result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1)
}

async function timed(result: LoadResult, send: Send) {
  const started = performance.now()
  let status = 0
  try {
    status = await send()
  } catch {
    status = -1
  }
  record(result, status, started)
}

/** Runs a load pattern (which returns how many requests it made) and times the whole of it. */
async function measure(drive: (result: LoadResult, start: number) => Promise<number>): Promise<LoadResult> {
  const result: LoadResult = { latencies: [], statuses: new Map(), elapsedMs: 0, requests: 0 }
  const start = performance.now()
  result.requests = await drive(result, start)
  result.elapsedMs = performance.now() - start
  return result
}

/** Open loop: requests start on schedule whether or not earlier ones have answered (no coordinated omission). */
export function steadyLoad(ratePerSecond: number, seconds: number, send: Send): Promise<LoadResult> {
  return measure(async (result, start) => {
    const total = Math.round(ratePerSecond * seconds)
    const interval = 1000 / ratePerSecond
    const inFlight: Promise<void>[] = []
    for (let i = 0; i < total; i++) {
      const due = start + i * interval
      const wait = due - performance.now()
      if (wait > 1) await new Promise((r) => setTimeout(r, wait))
      inFlight.push(timed(result, send))
    }
    await Promise.all(inFlight)
    return total
  })
}

/** Closed loop: `concurrency` senders back to back for `seconds`: the saturation throughput. */
export function saturate(concurrency: number, seconds: number, send: Send): Promise<LoadResult> {
  return measure(async (result, start) => {
    const until = start + seconds * 1000
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) await timed(result, send)
      }),
    )
    return result.latencies.length
  })
}
