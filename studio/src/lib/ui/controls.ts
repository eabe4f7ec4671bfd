/**
 * Form controls described as data, so an editor with many small inputs (a condition, a node's
 * fields) lists what it needs and `Control.svelte` draws each one the same way.
 */

export interface Choice {
  value: string
  label: string
}

interface Base {
  /** The accessible name (shown as `aria-label` when no outside `<label>` points at the control). */
  label: string
  testid?: string
  /** Extra class on the element (`num` for a narrow number box). */
  class?: string
  /** Marked wrong (its message is shown elsewhere). */
  invalid?: boolean
}

export interface SelectControl extends Base {
  kind: 'select'
  value: string
  options: readonly Choice[]
  /** A first option with value '' ("choose a tag…"); `required` makes it unselectable. */
  placeholder?: string
  required?: boolean
  /** A value missing from the options (a deleted tag) stays visible as itself instead of vanishing. */
  keepUnknown?: boolean
  set: (value: string) => void
}

export interface InputControl extends Base {
  kind: 'text' | 'textarea' | 'number' | 'date' | 'time' | 'url' | 'datetime-local'
  value: string | number
  placeholder?: string
  maxlength?: number
  min?: number
  max?: number
  step?: number
  /** A unit after the box ("日"). */
  suffix?: string
  set: (value: string) => void
}

export interface ChecksControl extends Base {
  kind: 'checks'
  value: readonly string[]
  options: readonly Choice[]
  set: (value: string[]) => void
}

export type ControlSpec = SelectControl | InputControl | ChecksControl

/** `value` toggled in or out of a list of checked values. */
export function toggled(list: readonly string[], value: string, on: boolean): string[] {
  return on ? [...list, value] : list.filter((v) => v !== value)
}
