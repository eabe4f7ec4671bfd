import { z } from 'zod'
import { checkTag } from '../../conditions'
import { refSchema } from '../../params'
import { defineNode, nameOf } from '../../spec'
import { tagField } from '../shared'
import { triggerPorts } from '../trigger'

export const spec = defineNode({
  type: 'trigger.tagAdded',
  version: 1,
  category: 'trigger',
  label: { ja: 'タグ付与', en: 'Tag added' },
  description: {
    ja: '友だちに指定のタグが付いたときに開始します。',
    en: 'Starts when a friend gets the tag.',
  },
  icon: 'tag',
  emoji: '🏷️',
  params: z.strictObject({ tagId: refSchema }),
  defaults: { tagId: '' },
  ports: triggerPorts,
  summary: (p, lang, names) => {
    const tag = nameOf(names, 'tag', p.tagId)
    return lang === 'ja' ? `タグ「${tag}」が付いたら開始` : `When tag "${tag}" is added`
  },
  fields: [tagField('tagId')],
  check: (p, ctx) => checkTag(p.tagId, ctx, 'tagId'),
})
