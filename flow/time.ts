/**
 * Calendar and time-zone arithmetic on epoch milliseconds, without `Date` (workflow code must be
 * deterministic). Time zones come from `Intl.DateTimeFormat#formatToParts(epochMs)`, the one
 * deterministic door to the IANA database; everything else is integer arithmetic on civil dates.
 */

export const SECOND = 1_000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export const defaultTimeZone = 'Asia/Tokyo'

/** A calendar date with no time zone (month 1–12). */
export interface CivilDate {
  year: number
  month: number
  day: number
}

/** A wall-clock time of day. */
export interface TimeOfDay {
  hour: number
  minute: number
}

export interface LocalDateTime extends CivilDate, TimeOfDay {
  second: number
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
}

/** `HH:MM`, 00:00–23:59. */
export const timeOfDayPattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/
/** `YYYY-MM-DD` (the day is checked separately by `parseDate`). */
export const datePattern = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True for an IANA zone name the runtime knows (`Asia/Tokyo`, `America/New_York`, `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function civilFromDays(days: number): CivilDate {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(date: CivilDate): number {
  return (((daysFromCivil(date.year, date.month, date.day) + 4) % 7) + 7) % 7
}

export function addDays(date: CivilDate, days: number): CivilDate {
  return civilFromDays(daysFromCivil(date.year, date.month, date.day) + days)
}

/** Whole calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return daysFromCivil(b.year, b.month, b.day) - daysFromCivil(a.year, a.month, a.day)
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return daysBetween(b, a)
}

/** The wall clock in `timeZone` at an instant. */
export function localParts(epochMs: number, timeZone: string): LocalDateTime {
  const parts = formatter(timeZone).formatToParts(epochMs)
  const get = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((p) => p.type === type)
    return part ? Number(part.value) : 0
  }
  const date = { year: get('year'), month: get('month'), day: get('day') }
  return {
    ...date,
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
    weekday: weekdayOf(date),
  }
}

export function localDate(epochMs: number, timeZone: string): CivilDate {
  const { year, month, day } = localParts(epochMs, timeZone)
  return { year, month, day }
}

/** Offset of `timeZone` from UTC at an instant, in ms (Tokyo: +9 h; New York in winter: −5 h). */
export function offsetAt(epochMs: number, timeZone: string): number {
  const p = localParts(epochMs, timeZone)
  const wall =
    daysFromCivil(p.year, p.month, p.day) * DAY + p.hour * HOUR + p.minute * MINUTE + p.second * SECOND
  return wall - Math.floor(epochMs / SECOND) * SECOND
}

export interface WallClock extends CivilDate, TimeOfDay {
  second?: number
  millisecond?: number
}

/**
 * The instant at which `timeZone`'s wall clock shows `wall`. Like Temporal's `compatible`
 * disambiguation: a time repeated when clocks go back resolves to the earlier instant; a time
 * skipped when clocks go forward (02:30 in New York on a spring-forward day) moves forward by the
 * gap (03:30).
 */
export function zonedEpoch(wall: WallClock, timeZone: string): number {
  const asUtc =
    daysFromCivil(wall.year, wall.month, wall.day) * DAY +
    wall.hour * HOUR +
    wall.minute * MINUTE +
    (wall.second ?? 0) * SECOND +
    (wall.millisecond ?? 0)
  const before = offsetAt(asUtc - DAY, timeZone)
  const after = offsetAt(asUtc + DAY, timeZone)
  const valid = [asUtc - before, asUtc - after].filter((c) => offsetAt(c, timeZone) === asUtc - c)
  if (valid.length > 0) return Math.min(...valid)
  return asUtc - before
}

export function parseTimeOfDay(value: string): TimeOfDay {
  if (!timeOfDayPattern.test(value)) throw new Error(`Not a time of day (HH:MM): ${value}`)
  return { hour: Number(value.slice(0, 2)), minute: Number(value.slice(3, 5)) }
}

function daysInMonth(year: number, month: number): number {
  return daysBetween(
    { year, month, day: 1 },
    month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 },
  )
}

/** A `YYYY-MM-DD` string as a date, or null when it is not a real calendar day (2025-02-30). */
export function parseDate(value: string): CivilDate | null {
  if (!datePattern.test(value)) return null
  const date = {
    year: Number(value.slice(0, 4)),
    month: Number(value.slice(5, 7)),
    day: Number(value.slice(8, 10)),
  }
  return date.day <= daysInMonth(date.year, date.month) ? date : null
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

export function formatDate(date: CivilDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`
}

export function formatTimeOfDay(time: TimeOfDay): string {
  return `${pad(time.hour)}:${pad(time.minute)}`
}

/** `2025-03-09 02:30` in `timeZone`: for traces and previews. */
export function formatLocal(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone)
  return `${formatDate(p)} ${formatTimeOfDay(p)}`
}

/** The first instant strictly after `now` at which the wall clock shows `time` (on a later day if need be). */
export function nextTimeOfDay(now: number, time: TimeOfDay, timeZone: string): number {
  const today = localDate(now, timeZone)
  for (let offset = 0; offset <= 2; offset++) {
    const candidate = zonedEpoch({ ...addDays(today, offset), ...time }, timeZone)
    if (candidate > now) return candidate
  }
  throw new Error('unreachable: a time of day recurs within two days')
}

/** The first instant strictly after `now` on one of `weekdays` (0 = Sunday) at `time`. */
export function nextWeekdayTime(
  now: number,
  weekdays: readonly number[],
  time: TimeOfDay,
  timeZone: string,
): number {
  const today = localDate(now, timeZone)
  for (let offset = 0; offset <= 8; offset++) {
    const date = addDays(today, offset)
    if (!weekdays.includes(weekdayOf(date))) continue
    const candidate = zonedEpoch({ ...date, ...time }, timeZone)
    if (candidate > now) return candidate
  }
  throw new Error('No weekday given')
}

/** The first instant of the next calendar day in `timeZone` (the next local midnight, or later if it is skipped). */
export function startOfNextDay(now: number, timeZone: string): number {
  return zonedEpoch({ ...addDays(localDate(now, timeZone), 1), hour: 0, minute: 0 }, timeZone)
}

export function startOfDay(now: number, timeZone: string): number {
  return zonedEpoch({ ...localDate(now, timeZone), hour: 0, minute: 0 }, timeZone)
}

export interface Duration {
  days?: number
  hours?: number
  minutes?: number
}

export function durationMs(d: Duration): number {
  return (d.days ?? 0) * DAY + (d.hours ?? 0) * HOUR + (d.minutes ?? 0) * MINUTE
}

/**
 * `now` plus a duration the way people mean it: days are calendar days keeping the wall-clock time
 * (「3日後」 at the same time, even across a DST change), hours and minutes are elapsed time.
 */
export function addDuration(now: number, d: Duration, timeZone: string): number {
  let t = now
  if (d.days) {
    const p = localParts(now, timeZone)
    const sameWall = zonedEpoch(
      { ...addDays(p, d.days), hour: p.hour, minute: p.minute, second: p.second },
      timeZone,
    )
    t = sameWall + (now - Math.floor(now / SECOND) * SECOND)
  }
  return t + (d.hours ?? 0) * HOUR + (d.minutes ?? 0) * MINUTE
}

/** `YYYY-MM-DD HH:MM` */
export function parseDateTimeValue(value: string): { date: string; time: string } | null {
  const [date, time, ...rest] = value.trim().split(/[ T]/)
  if (rest.length || !date || !time || !parseDate(date) || !timeOfDayPattern.test(time)) return null
  return { date, time }
}
