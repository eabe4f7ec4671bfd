import { untrack } from 'svelte'
import { formError } from '$lib/forms'
import { useI18n } from '$lib/i18n'

export type SaveState = 'saved' | 'dirty' | 'saving' | 'error'

interface Options {
  /** The work as it would be saved, as text: a save is due whenever it differs from the last one saved. */
  snapshot: () => string
  write: (snapshot: string) => Promise<unknown>
  /** Off for someone who may only look: changes are never sent. */
  enabled?: () => boolean
}

/** Quiet time after the last change before saving, in ms: a pause in typing, not every keystroke. */
const DELAY = 800

/**
 * Saves an editor's work a moment after the last change, one request at a time: edits made while a
 * save runs are saved right after it. `state` says where the work stands (for a "saved ✓" label),
 * `error` why the last save failed. Create it during component initialisation (it owns effects).
 */
export class Autosave {
  state = $state<SaveState>('saved')
  error = $state('')
  #saved: string
  #timer: ReturnType<typeof setTimeout> | undefined
  #saving: Promise<void> | null = null

  constructor(
    private readonly options: Options,
    private readonly describe: (e: unknown) => string,
  ) {
    this.#saved = untrack(options.snapshot)
    $effect(() => {
      options.snapshot()
      untrack(() => this.#changed())
    })
    $effect(() => () => clearTimeout(this.#timer))
  }

  get dirty(): boolean {
    return this.options.snapshot() !== this.#saved
  }

  #enabled(): boolean {
    return this.options.enabled?.() ?? true
  }

  #changed() {
    if (!this.#enabled()) return
    if (!this.dirty) {
      // Back to what is saved (an undo): nothing to send.
      if (!this.#saving) {
        clearTimeout(this.#timer)
        if (this.state === 'dirty') this.state = 'saved'
      }
      return
    }
    this.state = this.#saving ? 'saving' : 'dirty'
    this.#later()
  }

  #later() {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.flush(), DELAY)
  }

  /** Saves now whatever is unsaved (before a publish or a preview, when leaving the page). */
  async flush(): Promise<void> {
    clearTimeout(this.#timer)
    if (!this.#enabled()) return
    if (this.#saving) {
      await this.#saving
      return this.dirty ? this.flush() : undefined
    }
    if (!this.dirty) {
      if (this.state === 'dirty') this.state = 'saved'
      return
    }
    const snapshot = this.options.snapshot()
    this.state = 'saving'
    let saved = false
    this.#saving = (async () => {
      try {
        await this.options.write(snapshot)
        this.#saved = snapshot
        saved = true
        this.error = ''
        this.state = this.dirty ? 'dirty' : 'saved'
      } catch (e) {
        this.state = 'error'
        this.error = this.describe(e)
      }
    })()
    await this.#saving
    this.#saving = null
    // Edits made during the save go next; after a failure, only a new edit tries again.
    if (saved && this.dirty) this.#later()
  }
}

/** An autosave whose failures read in the page's language; call during component initialisation. */
export function useAutosave(options: Options): Autosave {
  const i18n = useI18n()
  return new Autosave(options, (e) => formError(e, i18n))
}
