import type { FlexMessage, ScenarioMessage } from '$flow/lineMessage'
import { STICKERS } from '$lib/stickers'

/** A message the composer edits: text, image, sticker or flex (the greeting offers the first three). */
export type ComposerMessage = ScenarioMessage
export type MessageKind = ComposerMessage['type']

export const allKinds: readonly MessageKind[] = ['text', 'image', 'sticker', 'flex']

/** A new message of `kind`; text and a flex message's alt text carry over into each other. */
export function freshMessage(kind: MessageKind, old?: ComposerMessage): ComposerMessage {
  switch (kind) {
    case 'text':
      return { type: 'text', text: old?.type === 'flex' ? old.altText : '' }
    case 'image':
      return { type: 'image', originalContentUrl: '', previewImageUrl: '' }
    case 'sticker': {
      const s = STICKERS[0]!
      return { type: 'sticker', packageId: s.packageId, stickerId: s.stickerId }
    }
    case 'flex':
      return {
        type: 'flex',
        altText: old?.type === 'text' ? old.text.slice(0, 400) : '',
        contents: {
          type: 'bubble',
          body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'Hello', wrap: true }] },
        },
      } as FlexMessage
  }
}

/** What a friend sees: `{name}` becomes their display name (the preview shows a sample name). */
export function personalize<M extends ComposerMessage>(m: M, name: string): M {
  return m.type === 'text' ? { ...m, text: m.text.replaceAll('{name}', name) } : m
}
