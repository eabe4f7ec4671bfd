/**
 * LINE sends run on a queue of their own so Temporal enforces LINE's rate limits. Its name is derived
 * from the main queue, so workflow code (which cannot read configuration) always finds it.
 */
export function sendQueueOf(mainQueue: string): string {
  return `${mainQueue}-line-send`
}
