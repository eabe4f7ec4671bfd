import { z } from 'zod'
import { text } from '../../i18n'
import { portIdSchema } from '../../params'
import { defineNode, port } from '../../spec'
import { refuseRepeats } from '../shared'

export const splitParams = z
  .strictObject({
    paths: z
      .array(
        z.strictObject({
          id: portIdSchema,
          label: z.string().max(40).default(''),
          /** Relative weight (> 0): 1 and 3 send a quarter and three quarters of friends. */
          weight: z.number().positive().max(1_000_000),
        }),
      )
      .min(2)
      .max(10),
  })
  .superRefine((p, ctx) =>
    refuseRepeats(ctx, 'paths', p.paths, 'id', text('パスのIDが重複しています', 'Duplicate path ID')),
  )

export type SplitParams = z.output<typeof splitParams>

const letter = (i: number) => String.fromCharCode(65 + i)

/** The share of each path in percent, for the card and the inspector. */
export function shares(p: SplitParams): number[] {
  const total = p.paths.reduce((s, x) => s + x.weight, 0)
  return p.paths.map((x) => Math.round((x.weight / total) * 1000) / 10)
}

export const spec = defineNode({
  type: 'split',
  version: 1,
  category: 'logic',
  label: { ja: 'A/Bテスト', en: 'A/B split' },
  description: {
    ja: '友だちを重みの割合でランダムに振り分けます。振り分け結果は記録され、やり直しても変わりません。',
    en: 'Sends friends down paths at random, in proportion to the weights. The choice is recorded and replay-safe.',
  },
  icon: 'split',
  emoji: '🎲',
  params: splitParams,
  defaults: {
    paths: [
      { id: 'a', label: 'A', weight: 50 },
      { id: 'b', label: 'B', weight: 50 },
    ],
  },
  ports: (p) =>
    p.paths.map((x, i) => port(x.id, { ja: x.label || letter(i), en: x.label || letter(i) }, false)),
  summary: (p) => {
    const s = shares(p)
    return p.paths.map((x, i) => `${x.label || letter(i)} ${s[i]}%`).join(' / ')
  },
  fields: [
    {
      path: 'paths',
      label: { ja: 'パスと割合', en: 'Paths and weights' },
      help: { ja: '重みは相対値です（50:50、1:3 など）。', en: 'Weights are relative (50:50, 1:3…).' },
      widget: 'paths',
      min: 2,
      max: 10,
    },
  ],
})
