import { ApiError, isApiError } from './api/client'
import type { I18n } from './i18n'

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Puts the keyboard on the first field that shows an error, after the DOM has updated. */
export function focusFirstError(form: HTMLFormElement | undefined): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
}

/** A form-level message for an API failure that no single field owns. */
export function formError(e: unknown, i18n: I18n): string {
  if (isApiError(e, 'network') || isApiError(e, 'api_unavailable')) return i18n.t('common.networkError')
  if (e instanceof ApiError) return e.message || i18n.t('common.error')
  return i18n.t('common.error')
}
