import type { FieldChange } from '../../context'
import { defineRun } from '../../step'
import { parseDate, parseDateTimeValue, parseTimeOfDay, zonedEpoch, type CivilDate } from '../../time'
import { applyStep } from '../action'
import type { spec } from './spec'

export const run = defineRun<typeof spec>({ type: 'action.fields', version: 1 }, (p, env) => {
  const fields = env.ctx.friend().fields
  const changes = p.changes.map((c): FieldChange => {
    if (c.op === 'clear') return c
    // Datetime values are written in the run's time zone and stored as instants.
    const parsed =
      fields[c.key]?.type === 'datetime' && typeof c.value === 'string' ? parseDateTimeValue(c.value) : null
    if (parsed) {
      const at = zonedEpoch(
        { ...(parseDate(parsed.date) as CivilDate), ...parseTimeOfDay(parsed.time) },
        env.timezone,
      )
      return { key: c.key, op: 'set', value: at }
    }
    return c
  })
  return applyStep(env, [{ kind: 'fields', changes }])
})
