import { z } from 'zod'
import { defineNode } from '../../spec'

export const spec = defineNode({
  type: 'end',
  version: 1,
  category: 'end',
  label: { ja: '終了', en: 'End' },
  description: { ja: 'シナリオを終えます。', en: 'Ends the scenario.' },
  icon: 'circle-check',
  emoji: '🏁',
  params: z.strictObject({}),
  defaults: {},
  ports: () => [],
  summary: (_p, lang) => (lang === 'ja' ? 'シナリオ終了' : 'End of scenario'),
  fields: [],
})
