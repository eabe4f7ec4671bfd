/** Fills `{key}` placeholders in text messages with friend values; unknown keys are left as written. */
export function renderMessages<M extends { type: string }>(
  messages: readonly M[],
  values: Record<string, string>,
): M[] {
  return messages.map((message) => {
    if (message.type !== 'text' || !('text' in message) || typeof message.text !== 'string') return message
    const text = message.text.replace(
      /\{([a-zA-Z0-9_]{1,20})\}/g,
      (whole, key: string) => values[key] ?? whole,
    )
    return { ...message, text }
  })
}
