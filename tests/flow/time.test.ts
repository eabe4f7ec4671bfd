import { describe, expect, it } from 'vitest'
import {
  addDuration,
  civilFromDays,
  daysFromCivil,
  DAY,
  HOUR,
  formatLocal,
  isValidTimeZone,
  localParts,
  nextTimeOfDay,
  nextWeekdayTime,
  offsetAt,
  parseDate,
  startOfNextDay,
  weekdayOf,
  zonedEpoch,
} from '../../flow/time'

const NY = 'America/New_York'
const TOKYO = 'Asia/Tokyo'

describe('civil calendar arithmetic', () => {
  it('round-trips days and dates across centuries and leap days', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0)
    expect(daysFromCivil(2000, 3, 1) - daysFromCivil(2000, 2, 28)).toBe(2) // 2000 is a leap year
    expect(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28)).toBe(1) // 1900 is not
    for (const d of [-1, 0, 59, 11016, 20000, 50000]) {
      const c = civilFromDays(d)
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(d)
    }
    expect(civilFromDays(daysFromCivil(2024, 2, 29) + 1)).toEqual({ year: 2024, month: 3, day: 1 })
  })

  it('knows weekdays and refuses impossible dates', () => {
    expect(weekdayOf({ year: 2025, month: 1, day: 1 })).toBe(3) // Wednesday
    expect(weekdayOf({ year: 1970, month: 1, day: 1 })).toBe(4) // Thursday
    expect(parseDate('2025-02-29')).toBeNull()
    expect(parseDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 })
    expect(parseDate('2025-13-01')).toBeNull()
  })

  it('validates time zone names', () => {
    expect(isValidTimeZone('Asia/Tokyo')).toBe(true)
    expect(isValidTimeZone('America/New_York')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus')).toBe(false)
    expect(isValidTimeZone('')).toBe(false)
  })
})

describe('time zones', () => {
  it('converts Tokyo wall time (no DST, +9)', () => {
    const t = zonedEpoch({ year: 2025, month: 1, day: 1, hour: 9, minute: 0 }, TOKYO)
    expect(t).toBe(daysFromCivil(2025, 1, 1) * DAY) // 09:00 JST = 00:00 UTC
    expect(offsetAt(t, TOKYO)).toBe(9 * HOUR)
    expect(localParts(t, TOKYO)).toMatchObject({
      year: 2025,
      month: 1,
      day: 1,
      hour: 9,
      minute: 0,
      weekday: 3,
    })
  })

  it('handles New York offsets in winter and summer', () => {
    expect(offsetAt(zonedEpoch({ year: 2025, month: 1, day: 15, hour: 12, minute: 0 }, NY), NY)).toBe(
      -5 * HOUR,
    )
    expect(offsetAt(zonedEpoch({ year: 2025, month: 7, day: 15, hour: 12, minute: 0 }, NY), NY)).toBe(
      -4 * HOUR,
    )
  })

  it('moves a skipped wall time forward by the gap (spring forward)', () => {
    // 2025-03-09 02:30 does not exist in New York: clocks jump 02:00 → 03:00.
    const t = zonedEpoch({ year: 2025, month: 3, day: 9, hour: 2, minute: 30 }, NY)
    expect(formatLocal(t, NY)).toBe('2025-03-09 03:30')
  })

  it('picks the earlier of a repeated wall time (fall back)', () => {
    // 2025-11-02 01:30 happens twice in New York; the first is EDT (UTC−4) = 05:30Z.
    const t = zonedEpoch({ year: 2025, month: 11, day: 2, hour: 1, minute: 30 }, NY)
    expect(t).toBe(daysFromCivil(2025, 11, 2) * DAY + 5.5 * HOUR)
  })

  it('finds the next time of day, strictly later, across DST', () => {
    const beforeSpring = zonedEpoch({ year: 2025, month: 3, day: 8, hour: 12, minute: 0 }, NY)
    const next = nextTimeOfDay(beforeSpring, { hour: 10, minute: 0 }, NY)
    expect(formatLocal(next, NY)).toBe('2025-03-09 10:00')
    expect(next - beforeSpring).toBe(21 * HOUR) // 22 h of wall clock, one hour skipped
    const exactly = zonedEpoch({ year: 2025, month: 3, day: 8, hour: 10, minute: 0 }, NY)
    expect(formatLocal(nextTimeOfDay(exactly, { hour: 10, minute: 0 }, NY), NY)).toBe('2025-03-09 10:00')
  })

  it('finds the next weekday and time', () => {
    const wed = zonedEpoch({ year: 2025, month: 1, day: 1, hour: 12, minute: 0 }, TOKYO)
    expect(formatLocal(nextWeekdayTime(wed, [1], { hour: 9, minute: 0 }, TOKYO), TOKYO)).toBe(
      '2025-01-06 09:00',
    )
    expect(formatLocal(nextWeekdayTime(wed, [3], { hour: 13, minute: 0 }, TOKYO), TOKYO)).toBe(
      '2025-01-01 13:00',
    )
    expect(formatLocal(nextWeekdayTime(wed, [3], { hour: 11, minute: 0 }, TOKYO), TOKYO)).toBe(
      '2025-01-08 11:00',
    )
  })

  it('adds calendar days keeping the wall clock, hours as elapsed time', () => {
    const sat = zonedEpoch({ year: 2025, month: 3, day: 8, hour: 9, minute: 15 }, NY)
    const plusDay = addDuration(sat, { days: 1 }, NY)
    expect(formatLocal(plusDay, NY)).toBe('2025-03-09 09:15')
    expect(plusDay - sat).toBe(23 * HOUR)
    expect(addDuration(sat, { hours: 24 }, NY) - sat).toBe(24 * HOUR)
    expect(formatLocal(addDuration(sat, { hours: 24 }, NY), NY)).toBe('2025-03-09 10:15')
    // Month and year boundaries.
    const jan31 = zonedEpoch({ year: 2025, month: 1, day: 31, hour: 23, minute: 50 }, TOKYO)
    expect(formatLocal(addDuration(jan31, { days: 1, minutes: 20 }, TOKYO), TOKYO)).toBe('2025-02-02 00:10')
    const dec31 = zonedEpoch({ year: 2024, month: 12, day: 31, hour: 8, minute: 0 }, TOKYO)
    expect(formatLocal(addDuration(dec31, { days: 60 }, TOKYO), TOKYO)).toBe('2025-03-01 08:00')
  })

  it('finds the start of the next local day', () => {
    const t = zonedEpoch({ year: 2025, month: 4, day: 30, hour: 23, minute: 59 }, TOKYO)
    expect(formatLocal(startOfNextDay(t, TOKYO), TOKYO)).toBe('2025-05-01 00:00')
  })
})
