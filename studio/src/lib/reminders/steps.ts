import { describeIssue, pathString } from '$flow/issues'
import { offsetSortKey, reminderSetSchema, type ReminderSetInput, type ReminderStep } from '$flow/reminder'
import type { Lang } from '$lib/i18n'
import { freshId } from '$lib/ui/lists'
import type { FieldIssue } from '$lib/ui/issues'

/** A new step after the others: the day before at 19:00 unless that is taken, with one text message. */
export function newStep(steps: readonly ReminderStep[], text: string): ReminderStep {
  return {
    id: freshId(
      steps.map((s) => s.id),
      (n) => `s${n}`,
    ),
    offset: { amount: 1, unit: 'days', direction: 'before', at: '19:00' },
    messages: [{ type: 'text', text }],
  }
}

/** Steps in firing order (for a target at 00:00; ties keep their order). */
export function sortSteps(steps: readonly ReminderStep[]): ReminderStep[] {
  return steps
    .map((step, i) => ({ step, i, key: offsetSortKey(step.offset) }))
    .sort((a, b) => a.key - b.key || a.i - b.i)
    .map((s) => s.step)
}

/** The form checked with the API's own schema: issues by path (`steps.0.offset.at`), in `lang`. */
export function validateSet(input: ReminderSetInput, lang: Lang): FieldIssue[] {
  const result = reminderSetSchema.safeParse(input)
  if (result.success) return []
  return result.error.issues.map((issue) => ({
    path: pathString(issue.path),
    message: describeIssue(issue)[lang],
  }))
}
