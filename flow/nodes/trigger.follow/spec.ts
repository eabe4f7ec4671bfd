import { z } from 'zod'
import { defineNode } from '../../spec'
import { triggerPorts } from '../trigger'

export const spec = defineNode({
  type: 'trigger.follow',
  version: 1,
  category: 'trigger',
  label: { ja: '友だち追加', en: 'Friend added' },
  description: {
    ja: '友だち追加されたときに開始します（ブロック解除も含めるか選べます）。',
    en: 'Starts when someone adds the account as a friend (optionally also when they unblock it).',
  },
  icon: 'user-plus',
  emoji: '🤝',
  params: z.strictObject({ refollow: z.boolean().default(true) }),
  defaults: { refollow: true },
  ports: triggerPorts,
  summary: (p, lang) =>
    lang === 'ja'
      ? p.refollow
        ? '友だち追加・ブロック解除で開始'
        : '初めての友だち追加で開始'
      : p.refollow
        ? 'On follow or unblock'
        : 'On first follow only',
  fields: [
    {
      path: 'refollow',
      label: { ja: 'ブロック解除でも開始', en: 'Also on unblock' },
      help: {
        ja: 'オフにすると初めての友だち追加のときだけ開始します。',
        en: 'Off: only the very first follow starts it.',
      },
      widget: 'switch',
    },
  ],
})
