import { z } from 'zod'
import { defineNode } from '../../spec'
import { actionPorts } from '../action'

export const spec = defineNode({
  type: 'action.markAttention',
  version: 1,
  category: 'action',
  label: { ja: '要対応にする', en: 'Mark for attention' },
  description: {
    ja: '友だちに「要対応」の印を付け、オペレーターの受信箱で目立たせます。',
    en: 'Flags the friend so operators see them in the inbox.',
  },
  icon: 'flag',
  emoji: '🚩',
  params: z.strictObject({ note: z.string().max(200).optional() }),
  defaults: {},
  ports: actionPorts,
  summary: (p, lang) =>
    (lang === 'ja' ? '要対応にする' : 'Mark for attention') + (p.note ? `: ${p.note}` : ''),
  fields: [{ path: 'note', label: { ja: 'メモ', en: 'Note' }, widget: 'text', max: 200, optional: true }],
})
