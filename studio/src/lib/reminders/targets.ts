import type { FriendField, ReminderSetView } from '$lib/api'
import type { I18n } from '$lib/i18n'

/** Friend fields a reminder can count from. */
export const dateFields = (fields: readonly FriendField[]) =>
  fields.filter((f) => f.type === 'date' || f.type === 'datetime')

/** 「友だち情報「予約日」」 / 「開始時に指定」 for a set's target source. */
export function targetLabel(target: ReminderSetView['target'], fields: readonly FriendField[], i18n: I18n) {
  if (target.kind === 'start') return i18n.t('reminders.target.start')
  const field = fields.find((f) => f.id === target.fieldId)
  return field ? i18n.t('reminders.target.field', { name: field.name }) : i18n.t('reminders.target.missing')
}
