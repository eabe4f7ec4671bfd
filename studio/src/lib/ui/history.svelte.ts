import { untrack } from 'svelte'

/** A change becomes a step once edits pause this long (ms): a word typed is one step, not one per letter. */
const SETTLE = 300
/** Steps kept; older ones go. */
const LIMIT = 100

/**
 * Undo and redo over snapshots of an editor's work. Create it during component initialisation (it
 * owns effects).
 */
export class History {
  canUndo = $state(false)
  canRedo = $state(false)
  #steps: string[]
  #at = 0
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly snapshot: () => string,
    /** Puts the work back as a snapshot describes it. */
    private readonly restore: (snapshot: string) => void,
  ) {
    this.#steps = [untrack(snapshot)]
    $effect(() => {
      const current = snapshot()
      untrack(() => {
        if (current === this.#steps[this.#at]) return
        clearTimeout(this.#timer)
        this.#timer = setTimeout(() => this.commit(), SETTLE)
      })
    })
    $effect(() => () => clearTimeout(this.#timer))
  }

  /** Records the work as it is now as a step (unless it is the current one). */
  commit() {
    clearTimeout(this.#timer)
    const current = this.snapshot()
    if (current === this.#steps[this.#at]) return
    this.#steps = [...this.#steps.slice(0, this.#at + 1), current].slice(-LIMIT)
    this.#at = this.#steps.length - 1
    this.#update()
  }

  undo() {
    this.commit()
    if (this.#at === 0) return
    this.#go(this.#at - 1)
  }

  redo() {
    clearTimeout(this.#timer)
    if (this.#at >= this.#steps.length - 1) return
    this.#go(this.#at + 1)
  }

  #go(at: number) {
    this.#at = at
    this.restore(this.#steps[at]!)
    this.#update()
  }

  #update() {
    this.canUndo = this.#at > 0
    this.canRedo = this.#at < this.#steps.length - 1
  }
}
