import { z } from 'zod'
import { defineNode } from '../../spec'
import { triggerPorts } from '../trigger'

export const spec = defineNode({
  type: 'trigger.manual',
  version: 1,
  category: 'trigger',
  label: { ja: 'スタッフが開始', en: 'Started by staff' },
  description: {
    ja: 'スタッフが友だち詳細や一括操作からこのシナリオを開始します。',
    en: 'Staff start this scenario for friends from the friend page or a bulk action.',
  },
  icon: 'hand',
  emoji: '🙋',
  params: z.strictObject({}),
  defaults: {},
  ports: triggerPorts,
  summary: (_p, lang) => (lang === 'ja' ? 'スタッフが手動で開始' : 'Started manually by staff'),
  fields: [],
})
