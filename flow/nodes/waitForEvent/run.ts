import type { EventMatcher } from '../../context'
import { defineRun, interrupted } from '../../step'
import { addDuration } from '../../time'
import type { spec } from './spec'

export const run = defineRun<typeof spec>({ type: 'waitForEvent', version: 1 }, async (p, env) => {
  const { ctx } = env
  const deadline = addDuration(ctx.now(), p.timeout, env.timezone)
  const matcher: EventMatcher = p.event
  ctx.trace({ at: ctx.now(), event: 'wait', nodeId: env.nodeId, data: { for: matcher, deadline } })
  const event = await env.waitForEvent(matcher, deadline)
  if (ctx.interruption()) return interrupted(env)
  if (event) {
    ctx.trace({ at: ctx.now(), event: 'event.received', nodeId: env.nodeId, data: { received: event } })
    return { port: 'happened', data: { received: event } }
  }
  ctx.trace({ at: ctx.now(), event: 'event.timeout', nodeId: env.nodeId, data: { deadline } })
  return { port: 'timedOut', data: { deadline } }
})
