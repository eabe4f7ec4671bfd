import { z } from 'zod'
import { defineNode } from '../../spec'
import { triggerPorts } from '../trigger'

export const spec = defineNode({
  type: 'trigger.api',
  version: 1,
  category: 'trigger',
  label: { ja: 'API から開始', en: 'Started by API' },
  description: {
    ja: '外部システムが API でこのシナリオを開始します（予約・購入の連携など）。',
    en: 'An external system starts this scenario through the API (bookings, purchases…).',
  },
  icon: 'webhook',
  emoji: '🔌',
  params: z.strictObject({}),
  defaults: {},
  ports: triggerPorts,
  summary: (_p, lang) => (lang === 'ja' ? 'API 呼び出しで開始' : 'Started by an API call'),
  fields: [],
})
