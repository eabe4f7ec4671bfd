import { z } from 'zod'
import {
  lineMessagesMax,
  quickReplyItemsSchema,
  scenarioMessageSchema,
  senderSchema,
  type ScenarioMessage,
} from '../../lineMessage'
import { text, type Lang } from '../../i18n'
import { defineNode, nextPort } from '../../spec'
import { choiceField, firstAndMore } from '../shared'

export const messageParams = z.strictObject({
  /** 1–5 LINE messages, sent in one request. Text may use `{name}` and `{fieldKey}`. */
  messages: z.array(scenarioMessageSchema).min(1).max(lineMessagesMax),
  /** Quick-reply buttons, shown under the last message (LINE shows only the last one's). */
  quickReplies: quickReplyItemsSchema.optional(),
  /** Sender name and icon shown instead of the account's (e.g. a staff member). */
  sender: senderSchema.optional(),
  /** When LINE refuses the send: go on to the next node anyway, or end the run with `error`. */
  onLineError: z.enum(['continue', 'stop']).default('stop'),
})

function describeMessage(m: ScenarioMessage, lang: Lang): string {
  switch (m.type) {
    case 'text':
      return m.text.length > 30 ? `${m.text.slice(0, 30)}…` : m.text
    case 'image':
      return lang === 'ja' ? '[画像]' : '[image]'
    case 'sticker':
      return lang === 'ja' ? '[スタンプ]' : '[sticker]'
    case 'flex':
      return `[Flex] ${m.altText}`
  }
}

export const spec = defineNode({
  type: 'message',
  version: 1,
  category: 'message',
  label: { ja: 'メッセージ送信', en: 'Send message' },
  description: {
    ja: '1〜5件のメッセージを送ります。配信停止時間帯と1日の配信上限に従って送信が遅れることがあります。',
    en: 'Sends 1–5 messages. Quiet hours and the daily cap may delay the send.',
  },
  icon: 'send',
  emoji: '💬',
  params: messageParams,
  defaults: { messages: [{ type: 'text', text: '{name}さん、' }], onLineError: 'stop' },
  ports: () => [nextPort(true)],
  summary: (p, lang) =>
    firstAndMore(
      p.messages[0] ? describeMessage(p.messages[0], lang) : '',
      p.messages.length,
      lang,
      text('件', ''),
    ),
  fields: [
    {
      path: 'messages',
      label: { ja: 'メッセージ', en: 'Messages' },
      help: {
        ja: 'テキスト・画像・スタンプ・Flex を最大5件。テキストの {name} は友だちの名前、{項目キー} は友だち情報に置き換わります。',
        en: 'Up to 5 text, image, sticker or flex messages. In text, {name} becomes the friend’s name and {fieldKey} a friend field.',
      },
      widget: 'messages',
      min: 1,
      max: lineMessagesMax,
    },
    {
      path: 'quickReplies',
      label: { ja: 'クイックリプライ', en: 'Quick replies' },
      help: {
        ja: '最後のメッセージの下に最大13個のボタンを表示します。',
        en: 'Up to 13 buttons under the last message.',
      },
      widget: 'quickReplies',
      max: 13,
      optional: true,
    },
    {
      path: 'sender',
      label: { ja: '送信者の表示', en: 'Sender' },
      help: {
        ja: '名前（20文字まで、「LINE」を含まない）とアイコン（https）。',
        en: 'Name (≤ 20 characters, no "LINE") and an https icon.',
      },
      widget: 'sender',
      optional: true,
    },
    choiceField('onLineError', { ja: '送信に失敗したとき', en: 'If LINE refuses the send' }, 'radio', [
      ['stop', { ja: 'シナリオを終了する', en: 'End the scenario' }],
      ['continue', { ja: '次へ進む', en: 'Continue' }],
    ]),
  ],
})
