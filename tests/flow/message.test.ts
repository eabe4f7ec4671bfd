import { describe, expect, it } from 'vitest'
import { validateFlow } from '../../flow/graph'
import { spec } from '../../flow/nodes/message/spec'
import { portsOf } from '../../flow/spec'
import { e, flow, n, runner, stepEnv, text } from './helpers'

const run = runner('message')
const errorsFor = (params: unknown) =>
  validateFlow(flow([n('t', 'trigger.manual'), n('m', 'message', params)], [e('t', 'm')])).errors

const bubble = (size = 10) => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'x'.repeat(size) }] },
})

describe('message node: parameters', () => {
  it('accepts text, image, sticker and flex, with quick replies and a sender', () => {
    const parsed = spec.params.safeParse({
      messages: [
        text('{name}さん、こんにちは'),
        {
          type: 'image',
          originalContentUrl: 'https://example.com/a.png',
          previewImageUrl: 'https://example.com/a_s.png',
        },
        { type: 'sticker', packageId: '446', stickerId: '1988' },
        { type: 'flex', altText: 'お知らせ', contents: bubble() },
      ],
      quickReplies: [{ type: 'action', action: { type: 'message', label: 'はい', text: 'はい' } }],
      sender: { name: '担当 さとう', iconUrl: 'https://example.com/icon.png' },
    })
    expect(parsed.success).toBe(true)
    expect(parsed.data?.onLineError).toBe('stop')
  })

  it('refuses 0 or 6 messages', () => {
    expect(errorsFor({ messages: [] })[0]).toMatchObject({ path: 'messages', code: 'invalidParams' })
    const six = errorsFor({ messages: Array.from({ length: 6 }, () => text('x')) })
    expect(six[0]).toMatchObject({ nodeId: 'm', path: 'messages' })
    expect(six[0]!.message.ja).toContain('5件まで')
  })

  it('counts text length in UTF-16 units like LINE (emoji = 2)', () => {
    expect(spec.params.safeParse({ messages: [text('a'.repeat(5000))] }).success).toBe(true)
    const errs = errorsFor({ messages: [text('😀'.repeat(2501))] })
    expect(errs[0]).toMatchObject({ path: 'messages.0.text' })
    expect(errs[0]!.message.ja).toContain('絵文字は2文字')
    expect(errs[0]!.message.ja).toContain('メッセージ送信（m）')
  })

  it('limits flex altText to 400 and bubble JSON to 30 KiB, carousels to 12 bubbles', () => {
    expect(
      errorsFor({ messages: [{ type: 'flex', altText: 'a'.repeat(401), contents: bubble() }] })[0],
    ).toMatchObject({
      path: 'messages.0.altText',
    })
    const big = errorsFor({ messages: [{ type: 'flex', altText: 'x', contents: bubble(31 * 1024) }] })
    expect(big[0]).toMatchObject({ path: 'messages.0.contents' })
    expect(big[0]!.message.en).toMatch(/too large/)
    const carousel = { type: 'carousel', contents: Array.from({ length: 13 }, () => bubble()) }
    expect(errorsFor({ messages: [{ type: 'flex', altText: 'x', contents: carousel }] })[0]).toMatchObject({
      path: 'messages.0.contents.contents',
    })
    expect(
      errorsFor({ messages: [{ type: 'flex', altText: 'x', contents: { type: 'video' } }] })[0]!.path,
    ).toBe('messages.0.contents.type')
  })

  it('allows at most 13 quick replies with labels ≤ 20', () => {
    const item = { type: 'action', action: { type: 'postback', label: 'A', data: 'a=1' } }
    expect(spec.params.safeParse({ messages: [text('x')], quickReplies: Array(13).fill(item) }).success).toBe(
      true,
    )
    expect(errorsFor({ messages: [text('x')], quickReplies: Array(14).fill(item) })[0]).toMatchObject({
      path: 'quickReplies',
    })
    const longLabel = { type: 'action', action: { type: 'message', label: 'x'.repeat(21), text: 'x' } }
    expect(errorsFor({ messages: [text('x')], quickReplies: [longLabel] })[0]).toMatchObject({
      path: 'quickReplies.0.action.label',
    })
  })

  it('checks the sender: name ≤ 20 without "LINE", https icon', () => {
    expect(errorsFor({ messages: [text('x')], sender: { name: 'LINE公式' } })[0]).toMatchObject({
      path: 'sender.name',
    })
    expect(errorsFor({ messages: [text('x')], sender: { name: 'ＬＩＮＥ担当' } })[0]).toMatchObject({
      path: 'sender.name',
    })
    expect(spec.params.safeParse({ messages: [text('x')], sender: { name: 'Caroline' } }).success).toBe(true)
    expect(errorsFor({ messages: [text('x')], sender: { name: 'x'.repeat(21) } })[0]).toMatchObject({
      path: 'sender.name',
    })
    expect(
      errorsFor({ messages: [text('x')], sender: { iconUrl: 'http://example.com/i.png' } })[0],
    ).toMatchObject({
      path: 'sender.iconUrl',
    })
  })

  it('has one `next` port that may end the journey', () => {
    expect(portsOf(spec, spec.defaults)).toEqual([expect.objectContaining({ id: 'next', mayEnd: true })])
    expect(spec.summary(spec.params.parse({ messages: [text('こんにちは'), text('b')] }), 'ja')).toBe(
      'こんにちは 他1件',
    )
  })
})

describe('message node: run step', () => {
  const friend = {
    displayName: '花子',
    fields: {
      plan: { type: 'select' as const, value: 'ゴールド' },
      visits: { type: 'number' as const, value: 3 },
    },
  }

  it('fills {name} and friend fields, attaches quick replies to the last message and the sender to all', async () => {
    const { ctx, env } = stepEnv({ start: 1000, friend })
    const result = await run.run(
      {
        messages: [text('{name}さん（{plan}）来店{visits}回 {unknown}'), text('ご質問は？')],
        quickReplies: [{ type: 'action', action: { type: 'message', label: 'はい', text: 'はい' } }],
        sender: { name: 'さとう' },
      },
      env,
    )
    expect(result).toMatchObject({ port: 'next', data: { sentAt: 1000, requestId: 'sim-1' } })
    expect(ctx.sends).toHaveLength(1)
    const [first, second] = ctx.sends[0]!.messages
    expect(first).toEqual({
      type: 'text',
      text: '花子さん（ゴールド）来店3回 {unknown}',
      sender: { name: 'さとう' },
    })
    expect(second).toMatchObject({
      quickReply: { items: [expect.objectContaining({ type: 'action' })] },
      sender: { name: 'さとう' },
    })
  })

  it('onLineError: stop ends the run with error, continue goes on; both are traced', async () => {
    const failing = { sendFailures: { n1: { message: 'Invalid message', status: 400 } } }
    const stop = stepEnv({ start: 0, ...failing })
    expect(await run.run({ messages: [text('x')], onLineError: 'stop' }, stop.env)).toMatchObject({
      end: 'error',
      data: { error: { status: 400 } },
    })
    expect(stop.ctx.entries.map((x) => x.event)).toContain('send.failed')
    const go = stepEnv({ start: 0, ...failing })
    expect(await run.run({ messages: [text('x')], onLineError: 'continue' }, go.env)).toMatchObject({
      port: 'next',
    })
  })

  it('ends the run as blocked when the friend has blocked the account, whatever onLineError says', async () => {
    const already = stepEnv({ start: 0, friend: { blocked: true } })
    expect(await run.run({ messages: [text('x')], onLineError: 'continue' }, already.env)).toEqual({
      end: 'blocked',
    })
    expect(already.ctx.sends).toHaveLength(0)
    const refused = stepEnv({ start: 0, sendFailures: { n1: 'blocked' } })
    expect(await run.run({ messages: [text('x')], onLineError: 'continue' }, refused.env)).toEqual({
      end: 'blocked',
    })
  })

  it('refuses a text that exceeds LINE’s limit only once the fields are filled in', async () => {
    const { ctx, env } = stepEnv({ start: 0, friend: { displayName: 'x'.repeat(100) } })
    const result = await run.run({ messages: [text(`{name}${'a'.repeat(4950)}`)], onLineError: 'stop' }, env)
    expect(result).toMatchObject({ end: 'error', data: { error: { code: 'renderedTooLong' } } })
    expect(ctx.sends).toHaveLength(0)
  })
})
