import { z } from 'zod'
import { httpsUrl, text } from './common'

function isActionUri(value: string): boolean {
  try {
    return ['http:', 'https:', 'line:', 'tel:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

const label = text(20)

/** Action objects (template buttons, quick replies, imagemaps use their own subset). */
export const actionSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('postback'),
    label: label.optional(),
    data: text(300, 1),
    displayText: text(300).optional(),
    text: text(300).optional(),
    inputOption: z.enum(['closeRichMenu', 'openRichMenu', 'openKeyboard', 'openVoice']).optional(),
    fillInText: text(300).optional(),
  }),
  z.looseObject({ type: z.literal('message'), label: label.optional(), text: text(300, 1) }),
  z.looseObject({
    type: z.literal('uri'),
    label: label.optional(),
    uri: text(1000, 1).refine(isActionUri, 'Must be an http, https, line or tel URI'),
  }),
  z.looseObject({
    type: z.literal('datetimepicker'),
    label: label.optional(),
    data: text(300, 1),
    mode: z.enum(['date', 'time', 'datetime']),
  }),
  z.looseObject({ type: z.literal('camera'), label }),
  z.looseObject({ type: z.literal('cameraRoll'), label }),
  z.looseObject({ type: z.literal('location'), label }),
  z.looseObject({
    type: z.literal('richmenuswitch'),
    label: label.optional(),
    richMenuAliasId: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'Must match ^[a-z0-9_-]{1,32}$'),
    data: text(300, 1),
  }),
  z.looseObject({ type: z.literal('clipboard'), label: label.optional(), clipboardText: text(1000, 1) }),
])

export const quickReplySchema = z.looseObject({
  items: z
    .array(
      z.looseObject({
        type: z.literal('action'),
        imageUrl: httpsUrl.optional(),
        action: actionSchema,
      }),
    )
    .min(1, 'Size must be between 1 and 13')
    .max(13, 'Size must be between 1 and 13'),
})
