import type { SimAdmin } from '../tests/helpers/simAdmin'
import { createSimUsers, followLatency } from './follow'
import { FlowBuilder, textMessage } from './flows'
import type { OwnerSession } from './owner'

/** Not the greeting's text: the latency is to the scenario's own message. */
const scenarioText = 'enishi bench: scenario first message'

/**
 * Follow → the first message of a published follow → message scenario at the simulator (the
 * greeting goes first, by reply; the scenario pushes). The scenario is archived afterwards so
 * later benchmarks' follows do not start it.
 */
export async function benchScenarioFirstMessage(
  sim: SimAdmin,
  owner: OwnerSession,
  follows: number,
  concurrency: number,
) {
  const flowId = await owner.flow(
    'bench: follow → message',
    new FlowBuilder()
      .node('trigger', 'trigger.follow', { refollow: true }, 0, 0)
      .node('hello', 'message', textMessage(scenarioText), 300, 0)
      .edge('trigger', 'hello')
      .build(),
  )
  try {
    const users = await createSimUsers(sim, follows, 'scenario follower')
    const { arrived, ...rest } = await followLatency(
      sim,
      users,
      concurrency,
      (m) => m.direction === 'bot' && m.message.text === scenarioText,
    )
    const result = { ...rest, received: arrived }
    console.log(JSON.stringify(result))
    return result
  } finally {
    await owner.archive(flowId)
  }
}
