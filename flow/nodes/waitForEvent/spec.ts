import { z } from 'zod'
import { checkTag } from '../../conditions'
import { textMatchSchema } from '../../matchSchemas'
import { describeDuration, durationSchema, refSchema } from '../../params'
import { defineNode, nameOf, port } from '../../spec'
import { choiceField, postbackFields, postbackParams, tagField } from '../shared'

export const eventMatcherSchema = z.discriminatedUnion('kind', [
  /** Any text reply, or one matching `match`. */
  z.strictObject({ kind: z.literal('reply'), match: textMatchSchema.optional() }),
  z.strictObject({ kind: z.literal('postback'), ...postbackParams }),
  z.strictObject({ kind: z.literal('tagAdded'), tagId: refSchema }),
])

export const waitForEventParams = z.strictObject({
  event: eventMatcherSchema,
  /** How long to wait before taking `timedOut`. */
  timeout: durationSchema,
})

export const spec = defineNode({
  type: 'waitForEvent',
  version: 1,
  category: 'timing',
  label: { ja: '反応を待つ', en: 'Wait for reaction' },
  description: {
    ja: '返信・ポストバック・タグ付与を待ちます。期限までに起きなければ「時間切れ」へ進みます。',
    en: 'Waits for a reply, a postback or a tag; takes “timed out” if nothing happens in time.',
  },
  icon: 'hourglass',
  emoji: '⏳',
  params: waitForEventParams,
  defaults: { event: { kind: 'reply' }, timeout: { days: 1, hours: 0, minutes: 0 } },
  ports: () => [
    port('happened', { ja: '反応あり', en: 'Happened' }, false),
    port('timedOut', { ja: '時間切れ', en: 'Timed out' }, true),
  ],
  summary: (p, lang, names) => {
    const ja = lang === 'ja'
    const limit = describeDuration(p.timeout, lang)
    const e = p.event
    const what =
      e.kind === 'reply'
        ? e.match
          ? ja
            ? `「${e.match.value}」の返信`
            : `a reply "${e.match.value}"`
          : ja
            ? '返信'
            : 'a reply'
        : e.kind === 'postback'
          ? ja
            ? `ポストバック「${e.data}」`
            : `postback "${e.data}"`
          : ja
            ? `タグ「${nameOf(names, 'tag', e.tagId)}」`
            : `tag "${nameOf(names, 'tag', e.tagId)}"`
    return ja ? `${what}を最大${limit}待つ` : `Wait up to ${limit} for ${what}`
  },
  fields: [
    choiceField('event.kind', { ja: '待つ反応', en: 'Wait for' }, 'select', [
      ['reply', { ja: 'メッセージの返信', en: 'A text reply' }],
      ['postback', { ja: 'ポストバック', en: 'A postback' }],
      ['tagAdded', { ja: 'タグ付与', en: 'A tag added' }],
    ]),
    {
      path: 'event.match',
      label: { ja: '返信の内容', en: 'Reply text' },
      help: { ja: '空欄ならどんな返信でも進みます。', en: 'Empty: any reply.' },
      widget: 'textMatch',
      optional: true,
      showIf: { path: 'event.kind', in: ['reply'] },
    },
    ...postbackFields('event.', { path: 'event.kind', in: ['postback'] }),
    tagField('event.tagId', { showIf: { path: 'event.kind', in: ['tagAdded'] } }),
    { path: 'timeout', label: { ja: '待つ期限', en: 'Timeout' }, widget: 'duration' },
  ],
  advancesTime: () => true,
  check: (p, ctx) => (p.event.kind === 'tagAdded' ? checkTag(p.event.tagId, ctx, 'event.tagId') : []),
})
