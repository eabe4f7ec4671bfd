/** LINE's message limits the runtime checks too (it loads no zod; lineMessage.ts has the schemas). */

/** LINE counts text length in UTF-16 code units, which is exactly JavaScript's `length`. */
export const lineTextMaxLength = 5000

/** Most messages one LINE send request may carry. */
export const lineMessagesMax = 5
