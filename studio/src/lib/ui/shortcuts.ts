/**
 * A keydown handler for an editor's Ctrl (⌘ on a Mac) shortcuts, keyed like `z`, `shift+z`, `c`.
 * Keys pressed while typing in a field belong to the field (its own undo, copy and paste).
 */
export function shortcuts(bindings: Record<string, () => void>, enabled = () => true) {
  return (e: KeyboardEvent): void => {
    const t = e.target as HTMLElement | null
    if (t && (t.closest('input, textarea, select, [contenteditable="true"]') || t.isContentEditable)) return
    if (!enabled() || !(e.ctrlKey || e.metaKey) || e.altKey) return
    const run = bindings[`${e.shiftKey ? 'shift+' : ''}${e.key.toLowerCase()}`]
    if (!run) return
    run()
    e.preventDefault()
  }
}
