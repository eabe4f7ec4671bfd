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

const here = 'http://studio.invalid'

/**
 * A `next` parameter as a same-site path only: a crafted link must not send the user elsewhere.
 * Resolved as the browser will resolve it (skipping tabs and newlines, reading `\` as `/`): only
 * what stays on our origin passes.
 */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/')) return '/'
  try {
    return new URL(next, here).origin === here ? next : '/'
  } catch {
    return '/'
  }
}

/** `value` if it is an absolute http(s) URL, else `''`: what others sent us (LINE events) is never a `javascript:` link. */
export function webUrl(value: unknown): string {
  if (typeof value !== 'string') return ''
  try {
    const { protocol } = new URL(value)
    return protocol === 'https:' || protocol === 'http:' ? value : ''
  } catch {
    return ''
  }
}
