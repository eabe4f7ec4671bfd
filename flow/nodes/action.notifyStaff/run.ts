import { friendValues } from '../../friend'
import { renderMessages } from '../../render'
import { defineRun } from '../../step'
import { applyStep } from '../action'
import type { spec } from './spec'

export const run = defineRun<typeof spec>({ type: 'action.notifyStaff', version: 1 }, (p, env) => {
  const [rendered] = renderMessages(
    [{ type: 'text', text: p.message }],
    friendValues(env.ctx.friend(), env.timezone),
  )
  return applyStep(env, [{ kind: 'notifyStaff', message: rendered?.text ?? p.message, email: p.email }])
})
