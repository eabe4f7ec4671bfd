/** A validation message for part of a structured field; `path` is relative to the field ('' = the field itself). */
export interface FieldIssue {
  path: string
  message: string
}

/** The issues at `prefix` or below it, with their paths made relative to it. */
export function issuesUnder(issues: readonly FieldIssue[], prefix: string | number): FieldIssue[] {
  const p = String(prefix)
  if (p === '') return [...issues]
  const out: FieldIssue[] = []
  for (const issue of issues) {
    if (issue.path === p) out.push({ path: '', message: issue.message })
    else if (issue.path.startsWith(`${p}.`))
      out.push({ path: issue.path.slice(p.length + 1), message: issue.message })
  }
  return out
}

/** Messages exactly at `path`, or with `deep` also anywhere below it (each message once). */
export function messagesAt(issues: readonly FieldIssue[], path: string | number, deep = false): string[] {
  const found = deep ? issuesUnder(issues, path) : issuesUnder(issues, path).filter((i) => i.path === '')
  return [...new Set(found.map((i) => i.message))]
}

/**
 * What a structured input takes: its DOM id, its value (`unknown` where a node's params may hold
 * anything yet), the issues at or below it (paths relative to it), and where its edits go.
 */
export interface InputProps<V, Out = V> {
  id: string
  value: V
  issues?: FieldIssue[]
  onchange: (value: Out) => void
}
