import { z } from 'zod'
import { checkFlow } from '../../conditions'
import { refSchema } from '../../params'
import { defineNode, nameOf } from '../../spec'
import { actionPorts } from '../action'
import { flowField } from '../shared'

export const spec = defineNode({
  type: 'action.startScenario',
  version: 1,
  category: 'action',
  label: { ja: 'シナリオ開始', en: 'Start scenario' },
  description: {
    ja: '別のシナリオをこの友だちに開始します（そのシナリオの再参加の設定に従います）。',
    en: 'Starts another scenario for this friend (subject to that scenario’s re-entry setting).',
  },
  icon: 'play',
  emoji: '▶️',
  params: z.strictObject({ flowId: refSchema }),
  defaults: { flowId: '' },
  ports: actionPorts,
  summary: (p, lang, names) => {
    const flow = nameOf(names, 'flow', p.flowId)
    return lang === 'ja' ? `シナリオ「${flow}」を開始` : `Start scenario "${flow}"`
  },
  fields: [flowField('flowId')],
  check: (p, ctx) => {
    if (ctx.flowId && p.flowId === ctx.flowId) {
      return [
        {
          path: 'flowId',
          code: 'startsItself',
          message: { ja: 'このシナリオ自身は開始できません', en: 'A scenario cannot start itself' },
        },
      ]
    }
    return checkFlow(p.flowId, ctx, 'flowId')
  },
})
