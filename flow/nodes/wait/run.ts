import type { FriendSnapshot } from '../../context'
import { defineRun, interrupted, type StepEnv, type StepResult } from '../../step'
import {
  addDays,
  addDuration,
  localDate,
  nextTimeOfDay,
  nextWeekdayTime,
  parseDate,
  parseTimeOfDay,
  zonedEpoch,
  type CivilDate,
} from '../../time'
import type { spec, WaitParams } from './spec'

/** When a dateField wait ends for this friend, or null when the field is empty or not a date. */
export function dateFieldTarget(
  p: Extract<WaitParams, { mode: 'dateField' }>,
  friend: FriendSnapshot,
  timezone: string,
): number | null {
  const field = friend.fields[p.field]
  let date: CivilDate | null = null
  if (field?.type === 'date' && field.value !== null) date = parseDate(field.value)
  else if (field?.type === 'datetime' && field.value !== null) date = localDate(field.value, timezone)
  if (!date) return null
  return zonedEpoch({ ...addDays(date, p.offsetDays), ...parseTimeOfDay(p.time) }, timezone)
}

/** When a wait that does not depend on the friend ends, starting at `now`. */
export function waitTarget(
  p: Exclude<WaitParams, { mode: 'dateField' }>,
  now: number,
  timezone: string,
): number {
  switch (p.mode) {
    case 'duration':
      return addDuration(now, p.duration, timezone)
    case 'untilTimeOfDay':
      return nextTimeOfDay(now, parseTimeOfDay(p.time), timezone)
    case 'untilWeekdayTime':
      return nextWeekdayTime(now, p.weekdays, parseTimeOfDay(p.time), timezone)
    case 'untilDateTime':
      return zonedEpoch({ ...(parseDate(p.date) as CivilDate), ...parseTimeOfDay(p.time) }, timezone)
  }
}

/** How often a dateField wait re-reads a moved date before giving up and going on. */
const maxRechecks = 10

async function sleep(env: StepEnv, until: number, data: Record<string, unknown>): Promise<boolean> {
  env.ctx.trace({ at: env.ctx.now(), event: 'wait', nodeId: env.nodeId, data: { until, ...data } })
  await env.sleepUntil(until)
  return env.ctx.interruption() === null
}

export const run = defineRun<typeof spec>(
  { type: 'wait', version: 1 },
  async (p, env): Promise<StepResult> => {
    const { ctx, timezone } = env
    if (p.mode !== 'dateField') {
      const until = waitTarget(p, ctx.now(), timezone)
      if (until <= ctx.now()) {
        // Only an absolute date can be in the past.
        return p.mode === 'untilDateTime' && p.ifPast === 'skip'
          ? { port: 'skipped', data: { reason: 'past', until } }
          : { port: 'next', data: { reason: 'past', until } }
      }
      if (!(await sleep(env, until, { mode: p.mode }))) return interrupted(env)
      return { port: 'next', data: { until } }
    }

    let friend = ctx.friend()
    for (let i = 0; i <= maxRechecks; i++) {
      const until = dateFieldTarget(p, friend, timezone)
      if (until === null) return { port: 'skipped', data: { reason: 'noDate', field: p.field } }
      if (until <= ctx.now()) {
        if (i > 0) return { port: 'next', data: { until } }
        return p.ifPast === 'skip'
          ? { port: 'skipped', data: { reason: 'past', until } }
          : { port: 'next', data: { reason: 'past', until } }
      }
      if (!(await sleep(env, until, { mode: p.mode, field: p.field, recheck: i }))) return interrupted(env)
      // The date may have moved while we waited (a reservation rescheduled): read it again.
      friend = await ctx.refreshFriend()
    }
    return { port: 'next', data: { reason: 'tooManyReschedules' } }
  },
)
