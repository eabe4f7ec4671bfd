import { z } from 'zod'
import { defineNode } from '../../spec'
import { actionPorts } from '../action'

export const spec = defineNode({
  type: 'action.notifyStaff',
  version: 1,
  category: 'action',
  label: { ja: 'スタッフに通知', en: 'Notify staff' },
  description: {
    ja: '管理画面に通知を出します（メールでも送れます）。{name} などは友だちの情報に置き換わります。',
    en: 'Shows a notification in the studio (optionally by e-mail too). {name} etc. are filled in.',
  },
  icon: 'bell',
  emoji: '🔔',
  params: z.strictObject({ message: z.string().trim().min(1).max(1000), email: z.boolean().default(false) }),
  defaults: { message: '{name}さんが反応しました', email: false },
  ports: actionPorts,
  summary: (p, lang) => {
    const text = p.message.length > 30 ? `${p.message.slice(0, 30)}…` : p.message
    return `${lang === 'ja' ? '通知' : 'Notify'}${p.email ? (lang === 'ja' ? '（メール）' : ' (e-mail)') : ''}: ${text}`
  },
  fields: [
    { path: 'message', label: { ja: '通知の文面', en: 'Message' }, widget: 'textarea', max: 1000 },
    { path: 'email', label: { ja: 'メールでも送る', en: 'Also by e-mail' }, widget: 'switch' },
  ],
})
