import { deliver } from '../../delivery'
import { friendValues } from '../../friend'
import { lineTextMaxLength } from '../../lineLimits'
import type { OutgoingMessage, ScenarioMessage } from '../../lineMessage'
import { renderMessages } from '../../render'
import { defineRun, interrupted, type StepResult } from '../../step'
import type { spec } from './spec'

export const run = defineRun<typeof spec>(
  { type: 'message', version: 1 },
  async (p, env): Promise<StepResult> => {
    const friend = env.ctx.friend()
    if (friend.blocked) return { end: 'blocked' }

    const rendered = renderMessages<ScenarioMessage>(p.messages, friendValues(friend, env.timezone))
    const sender = p.sender && (p.sender.name || p.sender.iconUrl) ? p.sender : undefined
    const messages: OutgoingMessage[] = rendered.map((m, i) => ({
      ...m,
      ...(sender ? { sender } : {}),
      ...(p.quickReplies && i === rendered.length - 1 ? { quickReply: { items: p.quickReplies } } : {}),
    }))

    const failed = (error: { message: string; status?: number; code?: string }): StepResult =>
      p.onLineError === 'continue' ? { port: 'next', data: { error } } : { end: 'error', data: { error } }

    // A friend field can make a text too long only once filled in: refuse before LINE does.
    const tooLong = rendered.findIndex((m) => m.type === 'text' && m.text.length > lineTextMaxLength)
    if (tooLong >= 0) {
      const error = {
        code: 'renderedTooLong',
        message: `Message ${tooLong + 1} exceeds ${lineTextMaxLength} characters once filled in`,
      }
      env.ctx.trace({ at: env.ctx.now(), event: 'send.failed', nodeId: env.nodeId, data: { error } })
      return failed(error)
    }

    const delivery = await deliver(env, { nodeId: env.nodeId, messages })
    if (!delivery.sent) {
      if (delivery.reason === 'interrupted') return interrupted(env)
      const error = {
        code: 'deliveryGaveUp',
        message: 'Delayed too many times by quiet hours / frequency cap',
      }
      env.ctx.trace({ at: env.ctx.now(), event: 'send.failed', nodeId: env.nodeId, data: { error } })
      return failed(error)
    }
    const { result } = delivery
    if (result.ok) {
      env.ctx.trace({
        at: delivery.at,
        event: 'send',
        nodeId: env.nodeId,
        data: { requestId: result.requestId, messages: messages.length },
      })
      return { port: 'next', data: { sentAt: delivery.at, requestId: result.requestId } }
    }
    env.ctx.trace({
      at: env.ctx.now(),
      event: 'send.failed',
      nodeId: env.nodeId,
      data: { blocked: result.blocked, error: result.error },
    })
    if (result.blocked) return { end: 'blocked' }
    return failed(result.error ?? { message: 'LINE refused the send' })
  },
)
