import { z } from 'zod'
import { bi } from './i18n'
import { lineMessagesMax, lineTextMaxLength } from './lineLimits'

/**
 * The LINE messages a marketer can configure (greeting now; scenario steps and broadcasts later).
 * Limits follow LINE's Messaging API (../shared/LINE-CONTRACT.md §4) so that anything saved here
 * is accepted by LINE when sent, instead of failing later inside a workflow.
 * Objects are strict: an unknown key is refused rather than silently dropped from a saved message.
 */

export { lineMessagesMax, lineTextMaxLength }

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
    .refine((s) => s.length <= maxUnits, {
      message: `Too long: at most ${maxUnits} UTF-16 code units (an emoji counts as 2)`,
      params: {
        ja: `${maxUnits}文字以内で入力してください（絵文字は2文字と数えます）`,
        en: `Too long: at most ${maxUnits} UTF-16 code units (an emoji counts as 2)`,
      },
    })
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

/* ---------------------------------------------------------------------------------------------
 * Scenario messages: everything above plus flex messages, quick replies and a per-message sender.
 * Kept apart from `lineMessageSchema` so the greeting (and everything already built on it) is
 * unchanged.
 * ------------------------------------------------------------------------------------------- */

/** LINE's flex size limits, read as KiB of UTF-8 JSON (the same reading as the LINE simulator). */
export const flexBubbleMaxBytes = 30 * 1024
export const flexCarouselMaxBytes = 50 * 1024
export const flexCarouselMaxBubbles = 12
export const quickReplyMaxItems = 13

/** UTF-8 length of a string, without TextEncoder/Buffer (works in workflows, browsers and Node). */
export function utf8Bytes(s: string): number {
  let bytes = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? '')
}

const flexBubble = z.looseObject({ type: z.literal('bubble') }).superRefine((bubble, ctx) => {
  const size = jsonBytes(bubble)
  if (size > flexBubbleMaxBytes) {
    ctx.addIssue({
      code: 'custom',
      ...bi(
        `バブルのJSONが大きすぎます（${size}バイト、上限${flexBubbleMaxBytes}バイト）`,
        `Bubble JSON too large (${size} bytes, at most ${flexBubbleMaxBytes})`,
      ),
    })
  }
})

const flexCarousel = z
  .looseObject({
    type: z.literal('carousel'),
    contents: z.array(flexBubble).min(1).max(flexCarouselMaxBubbles),
  })
  .superRefine((carousel, ctx) => {
    const size = jsonBytes(carousel)
    if (size > flexCarouselMaxBytes) {
      ctx.addIssue({
        code: 'custom',
        ...bi(
          `カルーセルのJSONが大きすぎます（${size}バイト、上限${flexCarouselMaxBytes}バイト）`,
          `Carousel JSON too large (${size} bytes, at most ${flexCarouselMaxBytes})`,
        ),
      })
    }
  })

/** A flex message; `contents` is LINE's flex JSON (bubble or carousel), checked for kind and size. */
export const flexMessageSchema = z.strictObject({
  type: z.literal('flex'),
  altText: lineText(400),
  contents: z.discriminatedUnion('type', [flexBubble, flexCarousel]),
})

export const scenarioMessageSchema = z.discriminatedUnion('type', [
  textMessageSchema,
  stickerMessageSchema,
  imageMessageSchema,
  flexMessageSchema,
])

const actionLabel = lineText(20)

function isHttpsUri(value: string): boolean {
  return /^https:\/\/[^\s/$.?#].[^\s]*$/i.test(value)
}

export const quickReplyActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('message'), label: actionLabel, text: lineText(300) }),
  z.strictObject({
    type: z.literal('postback'),
    label: actionLabel,
    data: lineText(300),
    displayText: lineText(300).optional(),
  }),
  z.strictObject({
    type: z.literal('uri'),
    label: actionLabel,
    uri: lineText(1000).refine(
      isHttpsUri,
      bi('https:// で始まるURLを入力してください', 'Must be an https:// URL'),
    ),
  }),
])

export const quickReplyItemSchema = z.strictObject({
  type: z.literal('action'),
  imageUrl: httpsUrl.optional(),
  action: quickReplyActionSchema,
})

export const quickReplyItemsSchema = z.array(quickReplyItemSchema).min(1).max(quickReplyMaxItems)

/**
 * LINE refuses sender names that pretend to be LINE: "LINE" as a word (any width or case) or ライン.
 * "Caroline" is fine.
 */
export function impersonatesLine(name: string): boolean {
  const n = name.normalize('NFKC').toLowerCase()
  return /(^|[^a-z])line([^a-z]|$)/.test(n) || n.includes('ライン')
}

export const senderSchema = z.strictObject({
  name: lineText(20)
    .refine(
      (n) => !impersonatesLine(n),
      bi('「LINE」を含む名前は使えません', 'The name may not contain "LINE"'),
    )
    .optional(),
  iconUrl: httpsUrl.optional(),
})

export type FlexMessage = z.infer<typeof flexMessageSchema>
export type ScenarioMessage = z.infer<typeof scenarioMessageSchema>
export type QuickReplyItem = z.infer<typeof quickReplyItemSchema>
export type Sender = z.infer<typeof senderSchema>

/** A message as handed to LINE: a scenario message, optionally with quick replies and a sender. */
export type OutgoingMessage = ScenarioMessage & {
  quickReply?: { items: QuickReplyItem[] }
  sender?: Sender
}
