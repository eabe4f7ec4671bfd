import type { QuietHours, SendRequest, SendResult } from './context'
import type { StepEnv } from './step'
import {
  localParts,
  parseTimeOfDay,
  startOfDay,
  startOfNextDay,
  zonedEpoch,
  addDays,
  localDate,
  type TimeOfDay,
} from './time'

/**
 * Delivery rules applied to every scenario send: quiet hours (a send inside the window waits until
 * it opens) and the frequency cap (at most N scenario sends per friend per calendar day; over the cap
 * a send waits for the next day). Both are computed here from the context's clock and counts, so the
 * Temporal and simulated runs behave the same, and both leave a `delivery.delayed` trace entry.
 * The settings' schemas are in channelSettings.ts: this module runs inside workflows, which load no zod.
 */

const minutesOf = (t: TimeOfDay): number => t.hour * 60 + t.minute

/** Inside quiet hours at `now`? A window whose start equals its end is off. */
export function inQuietHours(now: number, quiet: QuietHours, timeZone: string): boolean {
  const start = minutesOf(parseTimeOfDay(quiet.start))
  const end = minutesOf(parseTimeOfDay(quiet.end))
  if (start === end) return false
  const m = minutesOf(localParts(now, timeZone))
  return start < end ? m >= start && m < end : m >= start || m < end
}

/** When quiet hours end, for a `now` inside them. */
export function quietHoursEnd(now: number, quiet: QuietHours, timeZone: string): number {
  const end = parseTimeOfDay(quiet.end)
  const today = localDate(now, timeZone)
  const todayEnd = zonedEpoch({ ...today, ...end }, timeZone)
  return todayEnd > now ? todayEnd : zonedEpoch({ ...addDays(today, 1), ...end }, timeZone)
}

export type Delivery =
  | { sent: true; at: number; result: SendResult }
  /** `interrupted`: the run was stopped or the friend blocked; `gaveUp`: delayed `maxDelays` times. */
  | { sent: false; reason: 'interrupted' | 'gaveUp' }

/** Most delays one send may take (quiet hours and the cap each delay at most once a day: a safety net). */
const maxDelays = 60

export async function deliver(env: StepEnv, request: SendRequest): Promise<Delivery> {
  const { ctx, timezone } = env
  // Checked where the run gets them (`runnableChannelSettings`).
  const quiet = ctx.channel.quietHours
  const cap = ctx.channel.frequencyCap
  for (let i = 0; i < maxDelays; i++) {
    if (ctx.interruption()) return { sent: false, reason: 'interrupted' }
    const now = ctx.now()
    if (quiet && inQuietHours(now, quiet, timezone)) {
      const until = quietHoursEnd(now, quiet, timezone)
      ctx.trace({
        at: now,
        event: 'delivery.delayed',
        nodeId: request.nodeId,
        data: { reason: 'quietHours', quietHours: quiet, until },
      })
      await env.sleepUntil(until)
      continue
    }
    if (cap) {
      const count = await ctx.scenarioSendCount(startOfDay(now, timezone), now + 1)
      if (count >= cap.perDay) {
        const until = startOfNextDay(now, timezone)
        ctx.trace({
          at: now,
          event: 'delivery.delayed',
          nodeId: request.nodeId,
          data: { reason: 'frequencyCap', perDay: cap.perDay, sentToday: count, until },
        })
        await env.sleepUntil(until)
        continue
      }
    }
    if (ctx.interruption()) return { sent: false, reason: 'interrupted' }
    const result = await ctx.send(request)
    return { sent: true, at: now, result }
  }
  return { sent: false, reason: 'gaveUp' }
}
