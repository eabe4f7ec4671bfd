/**
 * A handful of LINE's free stickers (sendable by any Messaging API bot). The studio draws them
 * as its own small pictures instead of loading LINE's CDN: it works offline, leaks nothing, and
 * does not depend on the viewer's emoji fonts.
 */
export type StickerArt = 'hello' | 'smile' | 'thanks' | 'ok' | 'congrats' | 'sad'

export interface StickerInfo {
  packageId: string
  stickerId: string
  art: StickerArt
  label: { ja: string; en: string }
}

export const STICKERS: StickerInfo[] = [
  { packageId: '11537', stickerId: '52002734', art: 'hello', label: { ja: 'こんにちは', en: 'Hello' } },
  { packageId: '11537', stickerId: '52002735', art: 'smile', label: { ja: 'にっこり', en: 'Smile' } },
  { packageId: '11537', stickerId: '52002736', art: 'thanks', label: { ja: 'ありがとう', en: 'Thanks' } },
  { packageId: '11537', stickerId: '52002738', art: 'ok', label: { ja: 'OK', en: 'OK' } },
  { packageId: '11537', stickerId: '52002744', art: 'congrats', label: { ja: 'おめでとう', en: 'Congrats' } },
  { packageId: '11537', stickerId: '52002750', art: 'sad', label: { ja: 'しょんぼり', en: 'Sad' } },
]

export function findSticker(packageId: unknown, stickerId: unknown): StickerInfo | undefined {
  return STICKERS.find((s) => s.packageId === String(packageId) && s.stickerId === String(stickerId))
}
