import type { SimAdmin } from '../tests/helpers/simAdmin'
import { createSimUsers, followLatency } from './follow'

/**
 * Follow → greeting received at the simulator, on an otherwise idle system: `concurrency` friends
 * follow at a time; latency is from the follow request to the greeting in the simulator's log.
 */
export async function benchFollowGreeting(sim: SimAdmin, follows: number, concurrency: number) {
  const users = await createSimUsers(sim, follows, 'follower')
  const { arrived, ...rest } = await followLatency(sim, users, concurrency, (m) => m.direction === 'bot')
  const result = { ...rest, greeted: arrived }
  console.log(JSON.stringify(result))
  return result
}
