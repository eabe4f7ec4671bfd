import { z } from 'zod'

/**
 * The LINE messages a marketer can configure (greeting now; scenario steps and broadcasts later).
 * Limits follow LINE's Messaging API (../shared/LINE-CONTRACT.md §4) so that anything saved here
 * is accepted by LINE when sent, instead of failing later inside a workflow.
 * Objects are strict: an unknown key is refused rather than silently dropped from a saved message.
 */

/** LINE counts text length in UTF-16 code units, which is exactly JavaScript's `length`. */
export const lineTextMaxLength = 5000

/** Most messages one LINE send request may carry. */
export const lineMessagesMax = 5

/**
 * Text measured the way LINE measures it. zod's `max()` counts code points (an emoji is 1), LINE
 * counts UTF-16 units (an emoji is 2), so the unit check is explicit; `max()` stays for the docs'
 * maxLength and aborts first so an over-long ASCII text is reported once.
 */
export function lineText(maxUnits: number) {
  return z
    .string()
    .min(1)
    .max(maxUnits, { abort: true })
    .refine(
      (s) => s.length <= maxUnits,
      `Too long: at most ${maxUnits} UTF-16 code units (an emoji counts as 2)`,
    )
}

const httpsUrl = z
  .url({ protocol: /^https$/, hostname: z.regexes.domain, error: 'Must be an https:// URL' })
  .max(2000, { abort: true })
  .refine((s) => s.length <= 2000, 'Too long: at most 2000 UTF-16 code units')

const stickerId = z.string().regex(/^[0-9]{1,20}$/, 'Must be a numeric ID')

export const textMessageSchema = z.strictObject({
  type: z.literal('text'),
  /** `{name}` is replaced with the friend's display name when sent. */
  text: lineText(lineTextMaxLength),
})

export const stickerMessageSchema = z.strictObject({
  type: z.literal('sticker'),
  packageId: stickerId,
  stickerId: stickerId,
})

export const imageMessageSchema = z.strictObject({
  type: z.literal('image'),
  originalContentUrl: httpsUrl,
  previewImageUrl: httpsUrl,
})

export const lineMessageSchema = z.discriminatedUnion('type', [
  textMessageSchema,
  stickerMessageSchema,
  imageMessageSchema,
])

export const lineMessagesSchema = z.array(lineMessageSchema).min(1).max(lineMessagesMax)

export type TextMessage = z.infer<typeof textMessageSchema>
export type StickerMessage = z.infer<typeof stickerMessageSchema>
export type ImageMessage = z.infer<typeof imageMessageSchema>
export type LineMessage = z.infer<typeof lineMessageSchema>

/** The greeting sent on follow until a marketer saves one (read by the api and the worker). */
export const defaultGreeting: readonly LineMessage[] = Object.freeze([
  { type: 'text', text: '{name}さん、友だち追加ありがとうございます！' },
])
