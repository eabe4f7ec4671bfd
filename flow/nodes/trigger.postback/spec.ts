import { z } from 'zod'
import { dataMatchSchema } from '../../matchSchemas'
import { defineNode } from '../../spec'
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
  params: z.strictObject({ data: z.string().min(1).max(300), match: dataMatchSchema.default('exact') }),
  defaults: { data: '', match: 'exact' },
  ports: triggerPorts,
  summary: (p, lang) => (lang === 'ja' ? `ポストバック「${p.data}」で開始` : `On postback "${p.data}"`),
  fields: [
    { path: 'data', label: { ja: 'データ', en: 'Data' }, widget: 'text' },
    {
      path: 'match',
      label: { ja: '合わせ方', en: 'Match' },
      widget: 'radio',
      options: [
        { value: 'exact', label: { ja: '完全一致', en: 'Exact' } },
        { value: 'prefix', label: { ja: '前方一致', en: 'Starts with' } },
        { value: 'contains', label: { ja: '部分一致', en: 'Contains' } },
      ],
    },
  ],
})
