import { isApiError } from '$lib/api'
import { focusFirstError, formError } from '$lib/forms'
import { useI18n } from '$lib/i18n'

export type FieldErrors = Record<string, string>

interface Submit {
  /** The browser's own checks, by field ({} when all is well). */
  validate: () => FieldErrors
  send: () => Promise<unknown>
  /** Takes a failure first; `true` when it dealt with it. Otherwise the API's field errors go under their fields, anything else above the form. */
  failed?: (e: unknown) => boolean
  /** The API's field messages in the user's language (the API writes English). */
  localize?: (fields: FieldErrors) => FieldErrors
}

/**
 * A small form's state (login, setup, a test friend): the values, the errors under each field,
 * one message above them, and the submit that checks, sends and places what went wrong.
 */
export class FormState<V extends Record<string, string>> {
  values: V
  errors = $state<FieldErrors>({})
  message = $state<string | null>(null)
  submitting = $state(false)
  element = $state<HTMLFormElement>()

  constructor(
    values: V,
    private readonly describe: (e: unknown) => string,
  ) {
    this.values = $state(values)
  }

  async submit(event: SubmitEvent, { validate, send, failed, localize = (f) => f }: Submit): Promise<void> {
    event.preventDefault()
    this.message = null
    this.errors = validate()
    if (Object.keys(this.errors).length) return focusFirstError(this.element)
    this.submitting = true
    try {
      await send()
    } catch (e) {
      if (failed?.(e)) return
      if (isApiError(e) && e.fields.length) {
        this.errors = localize(e.fieldMap())
        focusFirstError(this.element)
      } else this.message = this.describe(e)
    } finally {
      this.submitting = false
    }
  }
}

/** A form state whose failures read in the page's language; call during component initialisation. */
export function useForm<V extends Record<string, string>>(values: V): FormState<V> {
  const i18n = useI18n()
  return new FormState(values, (e) => formError(e, i18n))
}
