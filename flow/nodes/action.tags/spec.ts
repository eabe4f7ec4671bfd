import { z } from 'zod'
import { checkTag } from '../../conditions'
import { bi } from '../../i18n'
import { refSchema } from '../../params'
import { defineNode, nameOf } from '../../spec'
import { actionPorts } from '../action'

export const spec = defineNode({
  type: 'action.tags',
  version: 1,
  category: 'action',
  label: { ja: 'タグ操作', en: 'Tags' },
  description: {
    ja: '友だちにタグを付けたり外したりします。',
    en: 'Adds tags to and removes tags from the friend.',
  },
  icon: 'tags',
  emoji: '🏷️',
  params: z
    .strictObject({
      add: z.array(refSchema).max(50).default([]),
      remove: z.array(refSchema).max(50).default([]),
    })
    .superRefine((p, ctx) => {
      if (p.add.length === 0 && p.remove.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['add'],
          ...bi('付けるか外すタグを選んでください', 'Choose tags to add or remove'),
        })
      }
      p.remove.forEach((id, i) => {
        if (p.add.includes(id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['remove', i],
            ...bi('同じタグを付けて外すことはできません', 'A tag cannot be both added and removed'),
          })
        }
      })
    }),
  defaults: { add: [], remove: [] },
  ports: actionPorts,
  summary: (p, lang, names) => {
    const n = (id: string) => nameOf(names, 'tag', id)
    const parts: string[] = []
    if (p.add.length) parts.push(`+${p.add.map(n).join(', +')}`)
    if (p.remove.length) parts.push(`−${p.remove.map(n).join(', −')}`)
    return (lang === 'ja' ? 'タグ ' : 'Tags ') + parts.join(' ')
  },
  fields: [
    { path: 'add', label: { ja: '付けるタグ', en: 'Add' }, widget: 'tags', optional: true },
    { path: 'remove', label: { ja: '外すタグ', en: 'Remove' }, widget: 'tags', optional: true },
  ],
  check: (p, ctx) => [
    ...p.add.flatMap((id, i) => checkTag(id, ctx, `add.${i}`)),
    ...p.remove.flatMap((id, i) => checkTag(id, ctx, `remove.${i}`)),
  ],
})
