import { defineNode } from '../../spec'
import { textMatchSchema } from '../../matchSchemas'
import { choiceField } from '../shared'
import { triggerPorts } from '../trigger'

const modeWords = {
  exact: { ja: 'と一致', en: 'equals' },
  contains: { ja: 'を含む', en: 'contains' },
  regex: { ja: 'に一致（正規表現）', en: 'matches regex' },
} as const

export const spec = defineNode({
  type: 'trigger.keyword',
  version: 1,
  category: 'trigger',
  label: { ja: 'キーワード受信', en: 'Keyword received' },
  description: {
    ja: '友だちのメッセージがキーワードに合ったときに開始します。全角・半角、大文字・小文字は区別しません（正規表現を除く）。',
    en: 'Starts when a friend’s message matches. Width and case are ignored (except for regular expressions).',
  },
  icon: 'message-square-text',
  emoji: '🔑',
  params: textMatchSchema,
  defaults: { mode: 'exact', value: '' },
  ports: triggerPorts,
  summary: (p, lang) =>
    lang === 'ja'
      ? `「${p.value}」${modeWords[p.mode].ja}で開始`
      : `When a message ${modeWords[p.mode].en} "${p.value}"`,
  fields: [
    choiceField('mode', { ja: '合わせ方', en: 'Match' }, 'radio', [
      ['exact', { ja: '完全一致', en: 'Exact' }],
      ['contains', { ja: '部分一致', en: 'Contains' }],
      ['regex', { ja: '正規表現', en: 'Regular expression' }],
    ]),
    {
      path: 'value',
      label: { ja: 'キーワード', en: 'Keyword' },
      widget: 'text',
      placeholder: { ja: '例: 予約', en: 'e.g. booking' },
    },
  ],
})
