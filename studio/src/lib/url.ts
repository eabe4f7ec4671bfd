/**
 * The query string of `url` with some parameters changed (`''`/undefined removes one), with a
 * leading `?` when anything is left.
 */
export function changeQuery(url: URL, changes: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams(url.searchParams)
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') params.delete(k)
    else params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `?${qs}` : ''
}

/** A `next` parameter as a same-site path only: a crafted link must not send the user elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/'
}
