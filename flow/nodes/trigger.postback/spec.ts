import { z } from 'zod'
import { defineNode } from '../../spec'
import { postbackFields, postbackParams } from '../shared'
import { triggerPorts } from '../trigger'

export const spec = defineNode({
  type: 'trigger.postback',
  version: 1,
  category: 'trigger',
  label: { ja: 'ポストバック受信', en: 'Postback received' },
  description: {
    ja: 'ボタンやリッチメニューのポストバックデータが合ったときに開始します。',
    en: 'Starts when a button or rich-menu postback carries matching data.',
  },
  icon: 'mouse-pointer-click',
  emoji: '👆',
  params: z.strictObject(postbackParams),
  defaults: { data: '', match: 'exact' },
  ports: triggerPorts,
  summary: (p, lang) => (lang === 'ja' ? `ポストバック「${p.data}」で開始` : `On postback "${p.data}"`),
  fields: postbackFields(),
})
