import type { SimAdmin, SimChatItem, SimUser } from '../tests/helpers/simAdmin'
import { summarize } from './stats'

/** `count` new simulated LINE users (not yet friends), created 50 at a time. */
export async function createSimUsers(sim: SimAdmin, count: number, label: string): Promise<SimUser[]> {
  const users: SimUser[] = []
  for (let i = 0; i < count; i += 50) {
    const n = Math.min(50, count - i)
    users.push(
      ...(await Promise.all(Array.from({ length: n }, (_, j) => sim.createUser(`${label} ${i + j}`)))),
    )
  }
  return users
}

/**
 * Each user follows (`concurrency` at a time); latency runs from the follow request to the first
 * chat item `arrived` accepts in the simulator's log (polled every 10 ms, for up to ~6 s).
 */
export async function followLatency(
  sim: SimAdmin,
  users: SimUser[],
  concurrency: number,
  arrived: (item: SimChatItem) => boolean,
) {
  const latencies: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users.length) {
        const user = users[next++]!
        const sentAt = Date.now()
        await sim.follow(user.userId)
        for (let i = 0; i < 600; i++) {
          const item = (await sim.chat(user.userId)).find(arrived)
          if (item) {
            latencies.push(Date.parse(item.at) - sentAt)
            break
          }
          await new Promise((r) => setTimeout(r, 10))
        }
      }
    }),
  )
  return { follows: users.length, concurrency, arrived: latencies.length, latencyMs: summarize(latencies) }
}
