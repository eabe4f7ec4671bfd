import type { EditableMessage, LineMessage } from '$lib/api'

export const MAX_MESSAGES = 5
export const MAX_TEXT = 5000

/**
 * One message while it is being edited. Every type's fields are kept, so switching the type
 * back and forth does not throw away what was typed.
 */
export interface Draft {
  key: number
  type: EditableMessage['type']
  text: string
  packageId: string
  stickerId: string
  originalContentUrl: string
  previewImageUrl: string
}

let nextKey = 1

export function emptyDraft(type: Draft['type'] = 'text'): Draft {
  return {
    key: nextKey++,
    type,
    text: '',
    packageId: '',
    stickerId: '',
    originalContentUrl: '',
    previewImageUrl: '',
  }
}

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')

export function toDraft(m: LineMessage): Draft {
  const d = emptyDraft()
  const r = m as Record<string, unknown>
  if (m.type === 'sticker' || m.type === 'image') d.type = m.type
  d.text = str(r.text)
  d.packageId = str(r.packageId)
  d.stickerId = str(r.stickerId)
  d.originalContentUrl = str(r.originalContentUrl)
  d.previewImageUrl = str(r.previewImageUrl)
  return d
}

/** What the API receives: only the fields of the chosen type, as typed (the API validates). */
export function toMessage(d: Draft): EditableMessage {
  switch (d.type) {
    case 'sticker':
      return { type: 'sticker', packageId: d.packageId.trim(), stickerId: d.stickerId.trim() }
    case 'image':
      return {
        type: 'image',
        originalContentUrl: d.originalContentUrl.trim(),
        // LINE needs both; one URL serves as its own preview when the second is left empty.
        previewImageUrl: (d.previewImageUrl || d.originalContentUrl).trim(),
      }
    default:
      return { type: 'text', text: d.text }
  }
}

/** The preview shows what a friend sees: `{name}` becomes a display name. */
export function personalize(m: EditableMessage, name: string): EditableMessage {
  return m.type === 'text' ? { ...m, text: m.text.replaceAll('{name}', name) } : m
}
