import { z } from 'zod'
import { checkFlow } from '../../conditions'
import { refSchema } from '../../params'
import { defineNode, nameOf } from '../../spec'
import { actionPorts } from '../action'
import { choiceField, flowField } from '../shared'

export const stopScenarioParams = z.discriminatedUnion('target', [
  /** Ends this run (reason `stopped`): the node has no output port. */
  z.strictObject({ target: z.literal('this') }),
  z.strictObject({ target: z.literal('other'), flowId: refSchema }),
])

export const spec = defineNode({
  type: 'action.stopScenario',
  version: 1,
  category: 'action',
  label: { ja: 'シナリオ停止', en: 'Stop scenario' },
  description: {
    ja: 'この友だちの別のシナリオ、またはこのシナリオを停止します。',
    en: 'Stops another scenario for this friend, or this one.',
  },
  icon: 'circle-stop',
  emoji: '⏹️',
  params: stopScenarioParams,
  defaults: { target: 'this' },
  ports: (p) => (p.target === 'this' ? [] : actionPorts()),
  summary: (p, lang, names) => {
    if (p.target === 'this') return lang === 'ja' ? 'このシナリオを停止' : 'Stop this scenario'
    const flow = nameOf(names, 'flow', p.flowId)
    return lang === 'ja' ? `シナリオ「${flow}」を停止` : `Stop scenario "${flow}"`
  },
  fields: [
    choiceField('target', { ja: '停止するシナリオ', en: 'Stop' }, 'radio', [
      ['this', { ja: 'このシナリオ', en: 'This scenario' }],
      ['other', { ja: '別のシナリオ', en: 'Another scenario' }],
    ]),
    flowField('flowId', { showIf: { path: 'target', in: ['other'] } }),
  ],
  check: (p, ctx) => (p.target === 'other' ? checkFlow(p.flowId, ctx, 'flowId') : []),
})
