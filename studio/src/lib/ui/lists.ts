/** Small pure helpers for list editors (messages, branches, paths…), kept apart so they are unit-tested. */

/** The first `make(n)` (n = 1, 2, …) not taken: stable port IDs for new branches and A/B paths. */
export function freshId(taken: readonly string[], make: (n: number) => string): string {
  const used = new Set(taken)
  for (let n = 1; ; n++) {
    const id = make(n)
    if (!used.has(id)) return id
  }
}

/** `a`, `b`, … `z`, then `p27`, `p28`…: A/B path IDs. */
export const pathIdAt = (n: number): string => (n <= 26 ? String.fromCharCode(96 + n) : `p${n}`)

/** The list with item `from` moved one place up (−1) or down (+1); unchanged at the ends. */
export function moveItem<T>(list: readonly T[], from: number, delta: -1 | 1): T[] {
  const to = from + delta
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list]
  const out = [...list]
  const [item] = out.splice(from, 1)
  out.splice(to, 0, item as T)
  return out
}

/** Replaces item `i`. */
export function replaceAt<T>(list: readonly T[], i: number, item: T): T[] {
  return list.map((old, j) => (j === i ? item : old))
}

export function removeAt<T>(list: readonly T[], i: number): T[] {
  return list.filter((_, j) => j !== i)
}

/** https:// only, as LINE requires for images, icons and links. */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:' && /^https:\/\/[^\s/$.?#][^\s]*$/i.test(value)
  } catch {
    return false
  }
}
