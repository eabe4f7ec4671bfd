import type { SimAdmin, SimUser } from '../tests/helpers/simAdmin'
import { summarize } from './stats'

/**
 * Follow → greeting received at the simulator, on an otherwise idle system: `concurrency` friends
 * follow at a time; latency is from the follow request to the greeting in the simulator's log.
 */
export async function benchFollowGreeting(sim: SimAdmin, follows: number, concurrency: number) {
  const users: SimUser[] = []
  for (let i = 0; i < follows; i += 50) {
    const n = Math.min(50, follows - i)
    users.push(
      ...(await Promise.all(Array.from({ length: n }, (_, j) => sim.createUser(`follower ${i + j}`)))),
    )
  }
  const latencies: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users.length) {
        const user = users[next++]!
        const sentAt = Date.now()
        await sim.follow(user.userId)
        for (let i = 0; i < 600; i++) {
          const greeting = (await sim.chat(user.userId)).find((m) => m.direction === 'bot')
          if (greeting) {
            latencies.push(Date.parse(greeting.at) - sentAt)
            break
          }
          await new Promise((r) => setTimeout(r, 10))
        }
      }
    }),
  )
  const result = { follows, concurrency, greeted: latencies.length, latencyMs: summarize(latencies) }
  console.log(JSON.stringify(result))
  return result
}
