import { z } from 'zod'
import { checkFlow } from '../../conditions'
import { refSchema } from '../../params'
import { defineNode, nameOf } from '../../spec'
import { flowField } from '../shared'
import { triggerPorts } from '../trigger'

export const spec = defineNode({
  type: 'trigger.scenario',
  version: 1,
  category: 'trigger',
  label: { ja: '他のシナリオから開始', en: 'Started by a scenario' },
  description: {
    ja: '別のシナリオの「シナリオ開始」アクションで開始します。開始元を限定できます。',
    en: 'Started by another scenario’s “start scenario” action; optionally only from one scenario.',
  },
  icon: 'git-fork',
  emoji: '🔀',
  params: z.strictObject({ fromFlowId: refSchema.optional() }),
  defaults: {},
  ports: triggerPorts,
  summary: (p, lang, names) => {
    if (!p.fromFlowId) return lang === 'ja' ? '他のシナリオから開始' : 'Started by any scenario'
    const flow = nameOf(names, 'flow', p.fromFlowId)
    return lang === 'ja' ? `シナリオ「${flow}」から開始` : `Started by scenario "${flow}"`
  },
  fields: [
    flowField('fromFlowId', {
      label: { ja: '開始元シナリオ', en: 'From scenario' },
      help: { ja: '空欄ならどのシナリオからでも開始できます。', en: 'Empty: any scenario may start it.' },
      optional: true,
    }),
  ],
  check: (p, ctx) => (p.fromFlowId ? checkFlow(p.fromFlowId, ctx, 'fromFlowId') : []),
})
