import { z } from 'zod'
import { actionSchema, quickReplySchema } from './actions'
import { UTF8_KB, httpsUrl, jsonBytes, list, text } from './common'

/** Fields every message type may carry. */
const common = {
  quickReply: quickReplySchema.optional(),
  sender: z.looseObject({ name: text(20, 1).optional(), iconUrl: httpsUrl.optional() }).optional(),
}

const emoji = z.looseObject({ index: z.number().int().min(0), productId: z.string(), emojiId: z.string() })

const textMessage = z.looseObject({
  ...common,
  type: z.literal('text'),
  // JavaScript string length counts UTF-16 code units, which is how LINE counts the 5,000.
  text: text(5000, 1),
  emojis: list(emoji, 0, 20).optional(),
  quoteToken: z.string().optional(),
})

const textV2Message = z.looseObject({
  ...common,
  type: z.literal('textV2'),
  text: text(5000, 1),
  substitution: z
    .record(
      z.string().regex(/^[0-9a-zA-Z_]{1,20}$/, 'Key must match ^[0-9a-zA-Z_]{1,20}$'),
      z.looseObject({}),
    )
    .refine((s) => Object.keys(s).length <= 100, 'Size must be between 0 and 100')
    .optional(),
  quoteToken: z.string().optional(),
})

const stickerMessage = z.looseObject({
  ...common,
  type: z.literal('sticker'),
  packageId: z.string().min(1, 'May not be empty'),
  stickerId: z.string().min(1, 'May not be empty'),
  quoteToken: z.string().optional(),
})

const imageMessage = z.looseObject({
  ...common,
  type: z.literal('image'),
  originalContentUrl: httpsUrl,
  previewImageUrl: httpsUrl,
})

const videoMessage = z.looseObject({
  ...common,
  type: z.literal('video'),
  originalContentUrl: httpsUrl,
  previewImageUrl: httpsUrl,
  trackingId: text(100).optional(),
})

const audioMessage = z.looseObject({
  ...common,
  type: z.literal('audio'),
  originalContentUrl: httpsUrl,
  duration: z.number().int().min(1),
})

const locationMessage = z.looseObject({
  ...common,
  type: z.literal('location'),
  title: text(100, 1),
  address: text(100, 1),
  latitude: z.number(),
  longitude: z.number(),
})

const area = z.looseObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
const imagemapMessage = z.looseObject({
  ...common,
  type: z.literal('imagemap'),
  baseUrl: httpsUrl,
  altText: text(400, 1),
  baseSize: z.looseObject({ width: z.number().int().min(1), height: z.number().int().min(1) }),
  actions: list(
    z.discriminatedUnion('type', [
      z.looseObject({ type: z.literal('uri'), linkUri: text(1000, 1), area }),
      z.looseObject({ type: z.literal('message'), text: text(400, 1), area }),
      z.looseObject({ type: z.literal('clipboard'), clipboardText: text(1000, 1), area }),
    ]),
    1,
    50,
  ),
})

/** Buttons (160) and carousel column (120) text is 60 characters at most once a title or image takes the room. */
function shortTextBesideTitle(
  t: { title?: string; thumbnailImageUrl?: string; text: string },
  ctx: z.RefinementCtx,
): void {
  if ((t.title || t.thumbnailImageUrl) && t.text.length > 60) {
    ctx.addIssue({ code: 'custom', message: 'Length must be between 1 and 60', path: ['text'] })
  }
}

const buttonsTemplate = z
  .looseObject({
    type: z.literal('buttons'),
    thumbnailImageUrl: httpsUrl.optional(),
    title: text(40).optional(),
    text: text(160, 1),
    defaultAction: actionSchema.optional(),
    actions: list(actionSchema, 1, 4),
  })
  .superRefine(shortTextBesideTitle)

const confirmTemplate = z.looseObject({
  type: z.literal('confirm'),
  text: text(240, 1),
  actions: list(actionSchema, 2, 2),
})

const carouselColumn = z
  .looseObject({
    thumbnailImageUrl: httpsUrl.optional(),
    title: text(40).optional(),
    text: text(120, 1),
    defaultAction: actionSchema.optional(),
    actions: list(actionSchema, 1, 3),
  })
  .superRefine(shortTextBesideTitle)

const carouselTemplate = z
  .looseObject({ type: z.literal('carousel'), columns: list(carouselColumn, 1, 10) })
  .superRefine((t, ctx) => {
    const counts = new Set(t.columns.map((c) => c.actions.length))
    if (counts.size > 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'All columns must have the same number of actions',
        path: ['columns'],
      })
    }
  })

const imageCarouselTemplate = z.looseObject({
  type: z.literal('image_carousel'),
  columns: list(z.looseObject({ imageUrl: httpsUrl, action: actionSchema }), 1, 10),
})

const templateMessage = z.looseObject({
  ...common,
  type: z.literal('template'),
  altText: text(400, 1),
  template: z.discriminatedUnion('type', [
    buttonsTemplate,
    confirmTemplate,
    carouselTemplate,
    imageCarouselTemplate,
  ]),
})

// "30 KB" and "50 KB" are read as KiB of UTF-8 JSON (UNCONFIRMED: LINE does not say how it counts).
export const FLEX_BUBBLE_MAX_BYTES = 30 * UTF8_KB
export const FLEX_CAROUSEL_MAX_BYTES = 50 * UTF8_KB

const flexContents = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('bubble') }).superRefine((bubble, ctx) => {
    if (jsonBytes(bubble) > FLEX_BUBBLE_MAX_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `Size must be at most ${FLEX_BUBBLE_MAX_BYTES} bytes`,
        path: [],
      })
    }
  }),
  z
    .looseObject({
      type: z.literal('carousel'),
      contents: list(z.looseObject({ type: z.literal('bubble') }), 1, 12),
    })
    .superRefine((carousel, ctx) => {
      if (jsonBytes(carousel) > FLEX_CAROUSEL_MAX_BYTES) {
        ctx.addIssue({
          code: 'custom',
          message: `Size must be at most ${FLEX_CAROUSEL_MAX_BYTES} bytes`,
          path: [],
        })
      }
      carousel.contents.forEach((bubble, i) => {
        if (jsonBytes(bubble) > FLEX_BUBBLE_MAX_BYTES) {
          ctx.addIssue({
            code: 'custom',
            message: `Size must be at most ${FLEX_BUBBLE_MAX_BYTES} bytes`,
            path: ['contents', i],
          })
        }
      })
    }),
])

const flexMessage = z.looseObject({
  ...common,
  type: z.literal('flex'),
  altText: text(400, 1),
  contents: flexContents,
})

/** One message object; an unknown `type` fails with the list of types LINE knows. */
export const messageSchema = z.discriminatedUnion('type', [
  textMessage,
  textV2Message,
  stickerMessage,
  imageMessage,
  videoMessage,
  audioMessage,
  locationMessage,
  imagemapMessage,
  templateMessage,
  flexMessage,
])

/** Every send takes 1 to 5 message objects. */
export const messagesSchema = list(messageSchema, 1, 5)
