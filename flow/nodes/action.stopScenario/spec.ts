import { z } from 'zod'
import { checkFlow } from '../../conditions'
import { refSchema } from '../../params'
import { defineNode } from '../../spec'
import { actionPorts } from '../action'

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
    const flow = names?.flow?.(p.flowId) ?? p.flowId
    return lang === 'ja' ? `シナリオ「${flow}」を停止` : `Stop scenario "${flow}"`
  },
  fields: [
    {
      path: 'target',
      label: { ja: '停止するシナリオ', en: 'Stop' },
      widget: 'radio',
      options: [
        { value: 'this', label: { ja: 'このシナリオ', en: 'This scenario' } },
        { value: 'other', label: { ja: '別のシナリオ', en: 'Another scenario' } },
      ],
    },
    {
      path: 'flowId',
      label: { ja: 'シナリオ', en: 'Scenario' },
      widget: 'flow',
      showIf: { path: 'target', in: ['other'] },
    },
  ],
  check: (p, ctx) => (p.target === 'other' ? checkFlow(p.flowId, ctx, 'flowId') : []),
})
