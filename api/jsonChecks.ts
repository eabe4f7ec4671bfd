/**
 * Checks on parsed JSON (bodies, query strings) that must hold for any shape a client sends: the
 * walk is iterative, so no nesting depth can overflow the stack.
 */

/** Whether `test` holds for `value` (depth 1), anything nested in it, or any object key. */
function someNested(value: unknown, test: (v: unknown, depth: number) => boolean): boolean {
  const pending: [unknown, number][] = [[value, 1]]
  while (pending.length > 0) {
    const [v, depth] = pending.pop()!
    if (test(v, depth)) return true
    // Raw bodies (Buffers) are bytes, not JSON.
    if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) continue
    for (const [key, child] of Object.entries(v)) pending.push([key, depth + 1], [child, depth + 1])
  }
  return false
}

export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  return someNested(value, (v, depth) => depth > maxDepth && typeof v === 'object' && v !== null)
}

/** PostgreSQL text cannot hold U+0000: refused up front rather than failing the write. */
export function containsNul(value: unknown): boolean {
  return someNested(value, (v) => typeof v === 'string' && v.includes('\u0000'))
}

export const nulMessage = 'Text may not contain the NUL character (U+0000)'
