/** "3日後 10:00": a simulated send time relative to the preview's start, in the channel's zone. */
export function relativeDay(start: number, at: number, timeZone: string): { days: number; time: string } {
  const parts = (t: number) => {
    const p = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(t)
    const get = (type: string) => Number(p.find((x) => x.type === type)?.value ?? 0)
    return {
      day: Date.UTC(get('year'), get('month') - 1, get('day')),
      hour: get('hour'),
      minute: get('minute'),
    }
  }
  const a = parts(start)
  const b = parts(at)
  return {
    days: Math.round((b.day - a.day) / 86_400_000),
    time: `${String(b.hour).padStart(2, '0')}:${String(b.minute).padStart(2, '0')}`,
  }
}

export function toEpoch(at: string | number): number {
  return typeof at === 'number' ? at : new Date(at).getTime()
}
