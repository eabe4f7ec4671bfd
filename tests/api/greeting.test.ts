import { describe, expect, it } from 'vitest'
import { defaultGreeting, lineMessagesSchema } from '../../flow/lineMessage'
import { useTestApi } from './useTestApi'

const t = useTestApi({ roles: ['owner'], channel: true })

const fieldPaths = (body: { error: { fields?: { path: string }[] } }) => body.error.fields?.map((f) => f.path)

describe('greeting settings', () => {
  it('starts with the default greeting', async () => {
    const res = await t.owner.get('/api/settings/greeting')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      messages: [{ type: 'text', text: '{name}さん、友だち追加ありがとうございます！' }],
    })
    expect(res.body.messages).toEqual(defaultGreeting)
  })

  it('saves 1–5 messages of every kind and audits before and after', async () => {
    const messages = [
      { type: 'text', text: '{name}さん、ようこそ！' },
      { type: 'sticker', packageId: '446', stickerId: '1988' },
      {
        type: 'image',
        originalContentUrl: 'https://example.com/a.jpg',
        previewImageUrl: 'https://example.com/a-preview.jpg',
      },
      { type: 'text', text: 'x'.repeat(5000) },
      { type: 'text', text: '🎉'.repeat(2500) },
    ]
    const res = await t.owner.put('/api/settings/greeting', { messages })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ messages })
    expect((await t.owner.get('/api/settings/greeting')).body).toEqual({ messages })
    const row = await t.api.prisma.greetingSetting.findUniqueOrThrow({ where: { channelId: t.channelId } })
    expect(row.messages).toEqual(messages)

    const entry = await t.api.prisma.auditLog.findFirstOrThrow({ where: { action: 'greeting.update' } })
    expect(entry.actorType).toBe('staff')
    expect(entry.target).toBe(`channel:${t.channelId}`)
    expect(entry.details).toEqual({ before: defaultGreeting, beforeWasDefault: true, after: messages })

    const second = [{ type: 'text', text: 'v2' }]
    await t.owner.put('/api/settings/greeting', { messages: second })
    const latest = await t.api.prisma.auditLog.findFirstOrThrow({
      where: { action: 'greeting.update' },
      orderBy: { id: 'desc' },
    })
    expect(latest.details).toEqual({ before: messages, beforeWasDefault: false, after: second })
  })

  it('refuses 6 messages, naming body.messages', async () => {
    const res = await t.owner.put('/api/settings/greeting', {
      messages: Array.from({ length: 6 }, (_, i) => ({ type: 'text', text: `m${i}` })),
    })
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_request')
    expect(fieldPaths(res.body)).toEqual(['body.messages'])
  })

  it('refuses a 5,001-unit text, naming body.messages.0.text (emoji count as two units)', async () => {
    for (const text of ['x'.repeat(5001), `${'🎉'.repeat(2500)}x`]) {
      const res = await t.owner.put('/api/settings/greeting', { messages: [{ type: 'text', text }] })
      expect(res.status).toBe(400)
      expect(fieldPaths(res.body)).toEqual(['body.messages.0.text'])
    }
  })

  it('names each bad field of each message', async () => {
    const res = await t.owner.put('/api/settings/greeting', {
      messages: [
        { type: 'text', text: 'ok' },
        {
          type: 'image',
          originalContentUrl: 'http://example.com/a.jpg',
          previewImageUrl: 'https://example.com/p.jpg',
        },
        { type: 'sticker', packageId: 'abc', stickerId: '1' },
        { type: 'video', originalContentUrl: 'https://example.com/v.mp4' },
        { type: 'text', text: '' },
      ],
    })
    expect(res.status).toBe(400)
    expect(fieldPaths(res.body)).toEqual([
      'body.messages.1.originalContentUrl',
      'body.messages.2.packageId',
      'body.messages.3.type',
      'body.messages.4.text',
    ])
  })

  it('refuses no messages and unknown keys, and leaves the saved greeting alone', async () => {
    const empty = await t.owner.put('/api/settings/greeting', { messages: [] })
    expect(fieldPaths(empty.body)).toEqual(['body.messages'])
    const extra = await t.owner.put('/api/settings/greeting', {
      messages: [{ type: 'text', text: 'a', emojis: [] }],
    })
    expect(extra.status).toBe(400)
    expect(fieldPaths(extra.body)).toEqual(['body.messages.0'])
    expect((await t.owner.get('/api/settings/greeting')).body).toEqual({
      messages: [{ type: 'text', text: 'v2' }],
    })
  })
})

describe('lineMessagesSchema', () => {
  it('accepts the default greeting', () => {
    expect(lineMessagesSchema.safeParse(defaultGreeting).success).toBe(true)
  })
})
