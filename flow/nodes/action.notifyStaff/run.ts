import { friendValues } from '../../friend'
import { renderMessages } from '../../render'
import { defineRun } from '../../step'
import { applyStep } from '../action'
import { spec } from './spec'

export const run = defineRun(spec, (p, env) => {
  const [rendered] = renderMessages(
    [{ type: 'text', text: p.message }],
    friendValues(env.ctx.friend(), env.timezone),
  )
  return applyStep(env, [{ kind: 'notifyStaff', message: rendered?.text ?? p.message, email: p.email }])
})
