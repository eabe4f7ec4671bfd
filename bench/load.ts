import { performance } from 'node:perf_hooks'

export interface LoadResult {
  latencies: number[]
  statuses: Map<number, number>
  elapsedMs: number
  requests: number
}

function record(result: LoadResult, status: number, started: number) {
  result.latencies.push(performance.now() - started)
  result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1)
}

async function timed(result: LoadResult, send: () => Promise<number>) {
  const started = performance.now()
  let status = 0
  try {
    status = await send()
  } catch {
    status = -1
  }
  record(result, status, started)
}

/** Open loop: requests start on schedule whether or not earlier ones have answered (no coordinated omission). */
export async function steadyLoad(
  ratePerSecond: number,
  seconds: number,
  send: () => Promise<number>,
): Promise<LoadResult> {
  const result: LoadResult = { latencies: [], statuses: new Map(), elapsedMs: 0, requests: 0 }
  const total = Math.round(ratePerSecond * seconds)
  const interval = 1000 / ratePerSecond
  const start = performance.now()
  const inFlight: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = start + i * interval
    const wait = due - performance.now()
    if (wait > 1) await new Promise((r) => setTimeout(r, wait))
    inFlight.push(timed(result, send))
  }
  await Promise.all(inFlight)
  result.elapsedMs = performance.now() - start
  result.requests = total
  return result
}

/** Closed loop: `concurrency` senders back to back for `seconds`: the saturation throughput. */
export async function saturate(
  concurrency: number,
  seconds: number,
  send: () => Promise<number>,
): Promise<LoadResult> {
  const result: LoadResult = { latencies: [], statuses: new Map(), elapsedMs: 0, requests: 0 }
  const start = performance.now()
  const until = start + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await timed(result, send)
    }),
  )
  result.elapsedMs = performance.now() - start
  result.requests = result.latencies.length
  return result
}
