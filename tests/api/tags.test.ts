import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, createDefaultChannel, createStaff, setUpOwner, startTestApi } from './harness'

type Api = Awaited<ReturnType<typeof startTestApi>>
let api: Api
let owner: Browser
let member: Browser
let channelId: string

const patch = (b: Browser, path: string, body: unknown) => b.call('PATCH', path, { body })
const del = (b: Browser, path: string) => b.call('DELETE', path)
const paths = (body: { error: { fields?: { path: string }[] } }) => body.error.fields?.map((f) => f.path)

beforeAll(async () => {
  api = await startTestApi()
  owner = await setUpOwner(api.url)
  channelId = (await createDefaultChannel(api.prisma)).id
  const m = await createStaff(api.prisma, 'member', 'member@example.com')
  member = new Browser(api.url)
  expect((await member.login(m.email, m.password)).status).toBe(200)
})
afterAll(async () => {
  await api?.close()
})

describe('tags', () => {
  it('creates, lists with friend counts, renames and deletes, all audited', async () => {
    const vip = await owner.post('/api/tags', { name: 'VIP' })
    expect(vip.status).toBe(201)
    expect(vip.body).toEqual({ id: expect.any(String), name: 'VIP', friendCount: 0 })
    const trial = await owner.post('/api/tags', { name: '  体験済み ' })
    expect(trial.body.name).toBe('体験済み')

    const friends = await Promise.all(
      [1, 2, 3].map((i) =>
        api.prisma.friend.create({ data: { channelId, lineUserId: `U-tag-${i}`, displayName: `f${i}` } }),
      ),
    )
    await api.prisma.friendTag.createMany({
      data: [
        ...friends.map((f) => ({ friendId: f.id, tagId: vip.body.id })),
        { friendId: friends[0]!.id, tagId: trial.body.id },
      ],
    })
    const list = await member.get('/api/tags')
    expect(list.status).toBe(200)
    expect(list.body.items).toEqual([
      { id: vip.body.id, name: 'VIP', friendCount: 3 },
      { id: trial.body.id, name: '体験済み', friendCount: 1 },
    ])

    const renamed = await patch(owner, `/api/tags/${vip.body.id}`, { name: 'VIP会員' })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toEqual({ id: vip.body.id, name: 'VIP会員', friendCount: 3 })

    expect((await del(owner, `/api/tags/${trial.body.id}`)).status).toBe(204)
    expect(await api.prisma.friendTag.count({ where: { tagId: trial.body.id } })).toBe(0)
    expect((await member.get('/api/tags')).body.items.map((t: { name: string }) => t.name)).toEqual([
      'VIP会員',
    ])
    expect((await del(owner, `/api/tags/${trial.body.id}`)).status).toBe(404)

    const actions = await api.prisma.auditLog.findMany({
      where: { action: { startsWith: 'tag.' } },
      orderBy: { at: 'asc' },
    })
    expect(actions.map((a) => a.action)).toEqual(['tag.create', 'tag.create', 'tag.update', 'tag.delete'])
    expect(actions[2]!.details).toEqual({ before: { name: 'VIP' }, after: { name: 'VIP会員' } })
  })

  it('refuses a duplicate name with 409, on create and on rename', async () => {
    await owner.post('/api/tags', { name: '重複' })
    const dup = await owner.post('/api/tags', { name: '重複' })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('duplicate_tag')
    const other = await owner.post('/api/tags', { name: '別' })
    const rename = await patch(owner, `/api/tags/${other.body.id}`, { name: '重複' })
    expect(rename.status).toBe(409)
    expect((await api.prisma.tag.findUniqueOrThrow({ where: { id: other.body.id } })).name).toBe('別')
  })

  it('validates names and lets members read only', async () => {
    const empty = await owner.post('/api/tags', { name: '   ' })
    expect(empty.status).toBe(400)
    expect(paths(empty.body)).toEqual(['body.name'])
    expect((await member.post('/api/tags', { name: 'm' })).status).toBe(403)
    const tag = await owner.post('/api/tags', { name: 'member-proof' })
    expect((await del(member, `/api/tags/${tag.body.id}`)).status).toBe(403)
    expect((await patch(member, `/api/tags/${tag.body.id}`, { name: 'x' })).status).toBe(403)
  })
})

describe('friend fields', () => {
  it('creates each type, lists, renames, changes select options, deletes', async () => {
    const birthday = await owner.post('/api/fields', { key: 'birthday', name: '誕生日', type: 'date' })
    expect(birthday.status).toBe(201)
    expect(birthday.body).toEqual({
      id: expect.any(String),
      key: 'birthday',
      name: '誕生日',
      type: 'date',
      options: null,
    })
    const plan = await owner.post('/api/fields', {
      key: 'plan',
      name: 'プラン',
      type: 'select',
      options: ['free', 'pro'],
    })
    expect(plan.status).toBe(201)
    expect(plan.body.options).toEqual(['free', 'pro'])

    const list = await member.get('/api/fields')
    expect(list.body.items.map((f: { key: string }) => f.key)).toEqual(['birthday', 'plan'])

    const renamed = await patch(owner, `/api/fields/${plan.body.id}`, {
      name: '契約',
      options: ['free', 'pro', 'team'],
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({
      key: 'plan',
      name: '契約',
      type: 'select',
      options: ['free', 'pro', 'team'],
    })
    const noOptions = await patch(owner, `/api/fields/${birthday.body.id}`, { options: ['a'] })
    expect(noOptions.status).toBe(400)
    expect(paths(noOptions.body)).toEqual(['body.options'])

    const friend = await api.prisma.friend.create({
      data: { channelId, lineUserId: 'U-field', displayName: 'x' },
    })
    await api.prisma.friendFieldValue.create({
      data: { friendId: friend.id, fieldId: birthday.body.id, value: '2000-01-01' },
    })
    expect((await del(owner, `/api/fields/${birthday.body.id}`)).status).toBe(204)
    expect(await api.prisma.friendFieldValue.count({ where: { fieldId: birthday.body.id } })).toBe(0)
    expect((await member.get('/api/fields')).body.items.map((f: { key: string }) => f.key)).toEqual(['plan'])

    const actions = await api.prisma.auditLog.findMany({
      where: { action: { startsWith: 'field.' } },
      orderBy: { at: 'asc' },
    })
    expect(actions.map((a) => a.action)).toEqual([
      'field.create',
      'field.create',
      'field.update',
      'field.delete',
    ])
  })

  it('validates keys, types and options', async () => {
    const select = await owner.post('/api/fields', { key: 'color', name: '色', type: 'select' })
    expect(select.status).toBe(400)
    expect(paths(select.body)).toEqual(['body.options'])
    const textWithOptions = await owner.post('/api/fields', {
      key: 'memo',
      name: 'メモ',
      type: 'text',
      options: ['a'],
    })
    expect(textWithOptions.status).toBe(400)
    const badKey = await owner.post('/api/fields', { key: 'has space', name: 'x', type: 'text' })
    expect(paths(badKey.body)).toEqual(['body.key'])
    const longKey = await owner.post('/api/fields', { key: 'a'.repeat(21), name: 'x', type: 'text' })
    expect(longKey.status).toBe(400)
    const badType = await owner.post('/api/fields', { key: 'k', name: 'x', type: 'boolean' })
    expect(paths(badType.body)).toEqual(['body.type'])
    const dupOptions = await owner.post('/api/fields', {
      key: 'k',
      name: 'x',
      type: 'select',
      options: ['a', 'a'],
    })
    expect(dupOptions.status).toBe(400)
    expect(await api.prisma.friendField.count({ where: { key: { in: ['color', 'memo', 'k'] } } })).toBe(0)
  })

  it('refuses a duplicate key with 409; members cannot create', async () => {
    expect(
      (await owner.post('/api/fields', { key: 'points', name: 'ポイント', type: 'number' })).status,
    ).toBe(201)
    const dup = await owner.post('/api/fields', { key: 'points', name: '別', type: 'text' })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('duplicate_field')
    expect((await member.post('/api/fields', { key: 'm', name: 'm', type: 'text' })).status).toBe(403)
  })
})

describe('delivery rules', () => {
  it('starts with the channel’s zone and no rules', async () => {
    const res = await member.get('/api/settings/delivery')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ timezone: 'Asia/Tokyo', quietHours: null, frequencyCap: null })
  })

  it('saves quiet hours, the cap and the zone, audited; what the worker reads is stored', async () => {
    const body = {
      timezone: 'America/New_York',
      quietHours: { start: '21:00', end: '09:00' },
      frequencyCap: { perDay: 2 },
    }
    const res = await owner.put('/api/settings/delivery', body)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(body)
    expect(await member.get('/api/settings/delivery').then((r) => r.body)).toEqual(body)
    const channel = await api.prisma.channel.findUniqueOrThrow({ where: { id: channelId } })
    expect(channel.timezone).toBe('America/New_York')
    expect(channel.deliveryRules).toEqual({ quietHours: body.quietHours, frequencyCap: body.frequencyCap })
    const log = await api.prisma.auditLog.findFirstOrThrow({ where: { action: 'delivery_rules.update' } })
    expect(log.details).toMatchObject({ before: { quietHours: null }, after: body })

    // Omitted rules are turned off; the zone is kept.
    const off = await owner.put('/api/settings/delivery', {})
    expect(off.body).toEqual({ timezone: 'America/New_York', quietHours: null, frequencyCap: null })
  })

  it('validates with the flow runtime’s rules', async () => {
    const cases: [unknown, string][] = [
      [{ quietHours: { start: '25:00', end: '08:00' } }, 'body.quietHours.start'],
      [{ quietHours: { start: '08:00', end: '08:00' } }, 'body.quietHours'],
      [{ frequencyCap: { perDay: 0 } }, 'body.frequencyCap.perDay'],
      [{ frequencyCap: { perDay: 101 } }, 'body.frequencyCap.perDay'],
      [{ timezone: 'Mars/Olympus' }, 'body.timezone'],
      [{ quietHours: null, extra: true }, 'body'],
    ]
    for (const [body, path] of cases) {
      const res = await owner.put('/api/settings/delivery', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(paths(res.body), JSON.stringify(body)).toContain(path)
    }
    expect((await member.put('/api/settings/delivery', {})).status).toBe(403)
  })
})
