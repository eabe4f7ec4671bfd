import { describe, expect, it } from 'vitest'
import { text, useHarness, type Harness, type Loose } from './harness'

let h: Harness
let userId: string
useHarness(async (started) => {
  h = started
  userId = await h.user()
})

async function push(messages: unknown[]) {
  return h.line('POST', '/message/push', { to: userId, messages })
}

/** Asserts a LINE 400 naming `property` in its details. */
async function expectInvalid(messages: unknown[], property: string, message?: RegExp) {
  const res = await push(messages)
  expect(res.status).toBe(400)
  expect(res.body.message).toMatch(/^The request body has \d+ error\(s\)$/)
  const detail = (res.body.details as Loose[]).find((d) => d.property === property)
  expect(detail, JSON.stringify(res.body.details)).toBeDefined()
  if (message) expect(detail.message).toMatch(message)
}

const bubble = (bytes = 0) => ({
  type: 'bubble',
  body: { type: 'box', layout: 'vertical', contents: [{ type: 'text', text: 'x'.repeat(bytes) }] },
})
const postback = (i: number) => ({ type: 'postback', label: `b${i}`, data: `d=${i}` })

describe('message validation', () => {
  it('takes 1 to 5 messages', async () => {
    await expectInvalid([], 'messages', /between 1 and 5/)
    await expectInvalid(
      Array.from({ length: 6 }, () => text('hi')),
      'messages',
      /between 1 and 5/,
    )
    expect((await push(Array.from({ length: 5 }, () => text('hi')))).status).toBe(200)
  })

  it('limits text to 5,000 UTF-16 units', async () => {
    expect((await push([text('あ'.repeat(5000))])).status).toBe(200)
    await expectInvalid([text('a'.repeat(5001))], 'messages[0].text', /Length must be between 1 and 5000/)
    // 2,500 emoji are 5,000 UTF-16 units (surrogate pairs); one more is too many.
    expect((await push([text('😀'.repeat(2500))])).status).toBe(200)
    await expectInvalid([text('😀'.repeat(2500) + 'a')], 'messages[0].text')
    await expectInvalid([text('')], 'messages[0].text', /May not be empty/)
  })

  it('limits emojis, quick reply items, sender name and altText', async () => {
    const emojis = Array.from({ length: 21 }, (_, i) => ({ index: i, productId: 'p', emojiId: '001' }))
    await expectInvalid([{ ...text('$'.repeat(21)), emojis }], 'messages[0].emojis')
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        type: 'action',
        action: { type: 'message', label: `l${i}`, text: 't' },
      }))
    expect((await push([{ ...text('q'), quickReply: { items: items(13) } }])).status).toBe(200)
    await expectInvalid(
      [text('ok'), { ...text('q'), quickReply: { items: items(14) } }],
      'messages[1].quickReply.items',
    )
    await expectInvalid([{ ...text('s'), sender: { name: 'x'.repeat(21) } }], 'messages[0].sender.name')
    await expectInvalid(
      [{ type: 'flex', altText: 'a'.repeat(401), contents: bubble() }],
      'messages[0].altText',
      /between 1 and 400/,
    )
  })

  it('limits flex bubble size, carousel length and carousel size', async () => {
    expect((await push([{ type: 'flex', altText: 'ok', contents: bubble(1000) }])).status).toBe(200)
    await expectInvalid(
      [{ type: 'flex', altText: 'big', contents: bubble(31 * 1024) }],
      'messages[0].contents',
    )
    const carousel = (n: number, bytes = 0) => ({
      type: 'carousel',
      contents: Array.from({ length: n }, () => bubble(bytes)),
    })
    expect((await push([{ type: 'flex', altText: 'ok', contents: carousel(12) }])).status).toBe(200)
    await expectInvalid(
      [{ type: 'flex', altText: 'c', contents: carousel(13) }],
      'messages[0].contents.contents',
    )
    await expectInvalid(
      [{ type: 'flex', altText: 'c', contents: carousel(3, 20 * 1024) }],
      'messages[0].contents',
    )
  })

  it('wants HTTPS media URLs of at most 2,000 characters', async () => {
    const good = 'https://example.com/a.jpg'
    expect((await push([{ type: 'image', originalContentUrl: good, previewImageUrl: good }])).status).toBe(
      200,
    )
    await expectInvalid(
      [{ type: 'image', originalContentUrl: 'http://example.com/a.jpg', previewImageUrl: good }],
      'messages[0].originalContentUrl',
      /HTTPS/,
    )
    const long = `https://example.com/${'a'.repeat(2000)}`
    await expectInvalid(
      [{ type: 'video', originalContentUrl: good, previewImageUrl: long }],
      'messages[0].previewImageUrl',
      /between 1 and 2000/,
    )
  })

  it('needs packageId and stickerId on stickers', async () => {
    expect((await push([{ type: 'sticker', packageId: '446', stickerId: '1988' }])).status).toBe(200)
    await expectInvalid([{ type: 'sticker', packageId: '446' }], 'messages[0].stickerId', /Must be specified/)
  })

  it('enforces template action limits', async () => {
    const buttons = (n: number) => ({
      type: 'template',
      altText: 'b',
      template: { type: 'buttons', text: 'pick', actions: Array.from({ length: n }, (_, i) => postback(i)) },
    })
    expect((await push([buttons(4)])).status).toBe(200)
    await expectInvalid([buttons(5)], 'messages[0].template.actions', /between 1 and 4/)
    await expectInvalid(
      [
        {
          type: 'template',
          altText: 'c',
          template: { type: 'confirm', text: 'sure?', actions: [postback(1)] },
        },
      ],
      'messages[0].template.actions',
    )
    const column = { text: 'c', actions: [postback(1)] }
    await expectInvalid(
      [{ type: 'template', altText: 'c', template: { type: 'carousel', columns: Array(11).fill(column) } }],
      'messages[0].template.columns',
    )
    await expectInvalid(
      [
        {
          ...buttons(1),
          template: { type: 'buttons', text: 't', actions: [{ type: 'postback', data: 'x'.repeat(301) }] },
        },
      ],
      'messages[0].template.actions[0].data',
    )
  })

  it('allows only 60 characters of template text beside a title or image', async () => {
    const template = (template: object) => ({ type: 'template', altText: 't', template })
    const buttons = (extra: object) => ({
      type: 'buttons',
      text: 'x'.repeat(61),
      actions: [postback(1)],
      ...extra,
    })
    const carousel = (extra: object) => ({
      type: 'carousel',
      columns: [{ text: 'x'.repeat(61), actions: [postback(1)], ...extra }],
    })
    expect((await push([template(buttons({})), template(carousel({}))])).status).toBe(200)
    await expectInvalid([template(buttons({ title: 'T' }))], 'messages[0].template.text', /between 1 and 60/)
    await expectInvalid(
      [template(carousel({ thumbnailImageUrl: 'https://example.com/a.png' }))],
      'messages[0].template.columns[0].text',
      /between 1 and 60/,
    )
  })

  it('refuses unknown message types and reports every problem at once', async () => {
    const res = await push([{ type: 'hologram' }, text('')])
    expect(res.status).toBe(400)
    expect(res.body.message).toBe('The request body has 2 error(s)')
    expect(res.body.details).toEqual([
      {
        message: expect.stringMatching(/^Must be one of the following values/),
        property: 'messages[0].type',
      },
      { message: 'May not be empty', property: 'messages[1].text' },
    ])
  })

  it('delivers nothing for a refused request', async () => {
    const before = (await h.chat(userId)).length
    await push([text('fine'), { type: 'hologram' }])
    expect(await h.chat(userId)).toHaveLength(before)
  })
})
