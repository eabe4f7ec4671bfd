import { z } from 'zod'
import { checkCondition, conditionSchema, conditionShapeProblem, describeCondition } from '../../conditions'
import { bi, text } from '../../i18n'
import { portIdSchema } from '../../params'
import { defineNode, port } from '../../spec'
import { firstAndMore, refuseRepeats } from '../shared'

export const maxBranches = 20

export const branchParams = z
  .strictObject({
    branches: z
      .array(
        z.strictObject({
          /** The port ID: stays the same when branches are reordered or relabelled. */
          id: portIdSchema,
          label: z.string().max(40).default(''),
          when: conditionSchema,
        }),
      )
      .min(1)
      .max(maxBranches),
  })
  .superRefine((p, ctx) => {
    refuseRepeats(ctx, 'branches', p.branches, 'id', text('分岐のIDが重複しています', 'Duplicate branch ID'))
    p.branches.forEach((b, i) => {
      const shape = conditionShapeProblem(b.when)
      if (shape) ctx.addIssue({ code: 'custom', path: ['branches', i, 'when'], ...bi(shape.ja, shape.en) })
    })
  })

export const elsePort = port('else', { ja: 'どれにも当てはまらない', en: 'Otherwise' }, true)

export const spec = defineNode({
  type: 'branch',
  version: 1,
  category: 'logic',
  label: { ja: '条件分岐', en: 'Branch' },
  description: {
    ja: '上から順に条件を調べ、最初に当てはまった分岐へ進みます。どれにも当てはまらなければ「それ以外」へ。',
    en: 'Checks the branches top to bottom and takes the first that matches; otherwise “else”.',
  },
  icon: 'git-branch',
  emoji: '🔱',
  params: branchParams,
  defaults: { branches: [{ id: 'b1', label: '', when: { kind: 'tag', tagId: '', has: true } }] },
  ports: (p) => [
    ...p.branches.map((b, i) =>
      port(b.id, { ja: b.label || `条件${i + 1}`, en: b.label || `Condition ${i + 1}` }, false),
    ),
    elsePort,
  ],
  summary: (p, lang, names) =>
    firstAndMore(
      p.branches[0] ? describeCondition(p.branches[0].when, lang, names) : '',
      p.branches.length,
      lang,
      text('分岐', ' more'),
    ),
  fields: [
    {
      path: 'branches',
      label: { ja: '分岐', en: 'Branches' },
      help: {
        ja: '条件は AND / OR / NOT で組み合わせられます。タグ、友だち情報、友だち追加日、クリック・ポストバック、シナリオ履歴が使えます。',
        en: 'Combine conditions with AND / OR / NOT over tags, friend fields, follow date, clicks, postbacks and scenario history.',
      },
      widget: 'branches',
      min: 1,
      max: maxBranches,
    },
  ],
  check: (p, ctx) => p.branches.flatMap((b, i) => checkCondition(b.when, ctx, `branches.${i}.when`)),
})
