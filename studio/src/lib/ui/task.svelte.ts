import { formError } from '$lib/forms'
import { useI18n } from '$lib/i18n'

/**
 * An action a page starts from a button (archive, cancel, publish…): busy while it runs, its
 * failure kept as a message for the page to show. `key` says which row is busy in a list.
 */
export class Task {
  /** What is running: the key given to `run` (a row's ID), `true` without one, `null` when idle. */
  running = $state<string | true | null>(null)
  error = $state('')

  constructor(private readonly describe: (e: unknown) => string) {}

  /** Busy at all, or (with a key) busy with that row. */
  busy(key?: string): boolean {
    return key === undefined ? this.running !== null : this.running === key
  }

  /** Runs `work` unless something is running already; a failure becomes `error`, never a throw. */
  async run(work: () => Promise<unknown>, key?: string): Promise<boolean> {
    if (this.running !== null) return false
    this.running = key ?? true
    this.error = ''
    try {
      await work()
      return true
    } catch (e) {
      this.error = this.describe(e)
      return false
    } finally {
      this.running = null
    }
  }
}

/** A task whose failures read as the page's language does; call during component initialisation. */
export function useTask(): Task {
  const i18n = useI18n()
  return new Task((e) => formError(e, i18n))
}
