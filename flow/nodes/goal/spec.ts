import { z } from 'zod'
import { defineNode } from '../../spec'

export const spec = defineNode({
  type: 'goal',
  version: 1,
  category: 'end',
  label: { ja: 'ゴール', en: 'Goal' },
  description: {
    ja: 'コンバージョンとして記録し、シナリオを終えます。',
    en: 'Records a conversion and ends the scenario.',
  },
  icon: 'trophy',
  emoji: '🏆',
  params: z.strictObject({
    name: z.string().trim().min(1).max(50),
    value: z.number().min(0).max(1e12).optional(),
  }),
  defaults: { name: '' },
  ports: () => [],
  summary: (p, lang) =>
    `${lang === 'ja' ? 'ゴール' : 'Goal'}: ${p.name}${p.value !== undefined ? ` (${p.value})` : ''}`,
  fields: [
    {
      path: 'name',
      label: { ja: 'ゴール名', en: 'Goal name' },
      widget: 'text',
      placeholder: { ja: '例: 来店予約', en: 'e.g. Booked' },
    },
    {
      path: 'value',
      label: { ja: '価値（任意）', en: 'Value (optional)' },
      help: { ja: '売上などの数値。集計に使います。', en: 'A number such as revenue, for reports.' },
      widget: 'number',
      min: 0,
      optional: true,
    },
  ],
})
