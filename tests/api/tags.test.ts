import { describe, expect, it } from 'vitest'
import { Browser } from './harness'
import { useTestApi } from './useTestApi'

const t = useTestApi({ roles: ['owner', 'member'], channel: true })

const patch = (b: Browser, path: string, body: unknown) => b.call('PATCH', path, { body })
const del = (b: Browser, path: string) => b.call('DELETE', path)
/** The owner creates a field; `options` is left out of the JSON when not given. */
const createField = (key: string, name: string, type: string, options?: string[]) =>
  t.owner.post('/api/fields', { key, name, type, options })
const paths = (body: { error: { fields?: { path: string }[] } }) => body.error.fields?.map((f) => f.path)

describe('tags', () => {
  it('creates, lists with friend counts, renames and deletes, all audited', async () => {
    const vip = await t.owner.post('/api/tags', { name: 'VIP' })
    expect(vip.status).toBe(201)
    expect(vip.body).toEqual({ id: expect.any(String), name: 'VIP', friendCount: 0 })
    const trial = await t.owner.post('/api/tags', { name: '  体験済み ' })
    expect(trial.body.name).toBe('体験済み')

    const friends = await Promise.all(
      [1, 2, 3].map((i) =>
        t.api.prisma.friend.create({
          data: { channelId: t.channelId, lineUserId: `U-tag-${i}`, displayName: `f${i}` },
        }),
      ),
    )
    await t.api.prisma.friendTag.createMany({
      data: [
        ...friends.map((f) => ({ friendId: f.id, tagId: vip.body.id })),
        { friendId: friends[0]!.id, tagId: trial.body.id },
      ],
    })
    const list = await t.member.get('/api/tags')
    expect(list.status).toBe(200)
    expect(list.body.items).toEqual([
      { id: vip.body.id, name: 'VIP', friendCount: 3 },
      { id: trial.body.id, name: '体験済み', friendCount: 1 },
    ])

    const renamed = await patch(t.owner, `/api/tags/${vip.body.id}`, { name: 'VIP会員' })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toEqual({ id: vip.body.id, name: 'VIP会員', friendCount: 3 })

    expect((await del(t.owner, `/api/tags/${trial.body.id}`)).status).toBe(204)
    expect(await t.api.prisma.friendTag.count({ where: { tagId: trial.body.id } })).toBe(0)
    expect((await t.member.get('/api/tags')).body.items.map((t: { name: string }) => t.name)).toEqual([
      'VIP会員',
    ])
    expect((await del(t.owner, `/api/tags/${trial.body.id}`)).status).toBe(404)

    const actions = await t.api.prisma.auditLog.findMany({
      where: { action: { startsWith: 'tag.' } },
      orderBy: { at: 'asc' },
    })
    expect(actions.map((a) => a.action)).toEqual(['tag.create', 'tag.create', 'tag.update', 'tag.delete'])
    expect(actions[2]!.details).toEqual({ before: { name: 'VIP' }, after: { name: 'VIP会員' } })
  })

  it('refuses a duplicate name with 409, on create and on rename', async () => {
    await t.owner.post('/api/tags', { name: '重複' })
    const dup = await t.owner.post('/api/tags', { name: '重複' })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('duplicate_tag')
    const other = await t.owner.post('/api/tags', { name: '別' })
    const rename = await patch(t.owner, `/api/tags/${other.body.id}`, { name: '重複' })
    expect(rename.status).toBe(409)
    expect((await t.api.prisma.tag.findUniqueOrThrow({ where: { id: other.body.id } })).name).toBe('別')
  })

  it('validates names and lets members read only', async () => {
    const empty = await t.owner.post('/api/tags', { name: '   ' })
    expect(empty.status).toBe(400)
    expect(paths(empty.body)).toEqual(['body.name'])
    expect((await t.member.post('/api/tags', { name: 'm' })).status).toBe(403)
    const tag = await t.owner.post('/api/tags', { name: 'member-proof' })
    expect((await del(t.member, `/api/tags/${tag.body.id}`)).status).toBe(403)
    expect((await patch(t.member, `/api/tags/${tag.body.id}`, { name: 'x' })).status).toBe(403)
  })
})

describe('friend fields', () => {
  it('creates each type, lists, renames, changes select options, deletes', async () => {
    const birthday = await createField('birthday', '誕生日', 'date')
    expect(birthday.status).toBe(201)
    expect(birthday.body).toEqual({
      id: expect.any(String),
      key: 'birthday',
      name: '誕生日',
      type: 'date',
      options: null,
    })
    const plan = await createField('plan', 'プラン', 'select', ['free', 'pro'])
    expect(plan.status).toBe(201)
    expect(plan.body.options).toEqual(['free', 'pro'])

    const list = await t.member.get('/api/fields')
    expect(list.body.items.map((f: { key: string }) => f.key)).toEqual(['birthday', 'plan'])

    const renamed = await patch(t.owner, `/api/fields/${plan.body.id}`, {
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
    const noOptions = await patch(t.owner, `/api/fields/${birthday.body.id}`, { options: ['a'] })
    expect(noOptions.status).toBe(400)
    expect(paths(noOptions.body)).toEqual(['body.options'])

    const friend = await t.api.prisma.friend.create({
      data: { channelId: t.channelId, lineUserId: 'U-field', displayName: 'x' },
    })
    await t.api.prisma.friendFieldValue.create({
      data: { friendId: friend.id, fieldId: birthday.body.id, value: '2000-01-01' },
    })
    expect((await del(t.owner, `/api/fields/${birthday.body.id}`)).status).toBe(204)
    expect(await t.api.prisma.friendFieldValue.count({ where: { fieldId: birthday.body.id } })).toBe(0)
    expect((await t.member.get('/api/fields')).body.items.map((f: { key: string }) => f.key)).toEqual([
      'plan',
    ])

    const actions = await t.api.prisma.auditLog.findMany({
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
    const select = await createField('color', '色', 'select')
    expect(select.status).toBe(400)
    expect(paths(select.body)).toEqual(['body.options'])
    const textWithOptions = await createField('memo', 'メモ', 'text', ['a'])
    expect(textWithOptions.status).toBe(400)
    const badKey = await createField('has space', 'x', 'text')
    expect(paths(badKey.body)).toEqual(['body.key'])
    const longKey = await createField('a'.repeat(21), 'x', 'text')
    expect(longKey.status).toBe(400)
    const badType = await createField('k', 'x', 'boolean')
    expect(paths(badType.body)).toEqual(['body.type'])
    const dupOptions = await createField('k', 'x', 'select', ['a', 'a'])
    expect(dupOptions.status).toBe(400)
    expect(await t.api.prisma.friendField.count({ where: { key: { in: ['color', 'memo', 'k'] } } })).toBe(0)
  })

  it('refuses a duplicate key with 409; members cannot create', async () => {
    expect((await createField('points', 'ポイント', 'number')).status).toBe(201)
    const dup = await createField('points', '別', 'text')
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('duplicate_field')
    expect((await t.member.post('/api/fields', { key: 'm', name: 'm', type: 'text' })).status).toBe(403)
  })
})

describe('delivery rules', () => {
  it('starts with the channel’s zone and no rules', async () => {
    const res = await t.member.get('/api/settings/delivery')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ timezone: 'Asia/Tokyo', quietHours: null, frequencyCap: null })
  })

  it('saves quiet hours, the cap and the zone, audited; what the worker reads is stored', async () => {
    const body = {
      timezone: 'America/New_York',
      quietHours: { start: '21:00', end: '09:00' },
      frequencyCap: { perDay: 2 },
    }
    const res = await t.owner.put('/api/settings/delivery', body)
    expect(res.status).toBe(200)
    expect(res.body).toEqual(body)
    expect(await t.member.get('/api/settings/delivery').then((r) => r.body)).toEqual(body)
    const channel = await t.api.prisma.channel.findUniqueOrThrow({ where: { id: t.channelId } })
    expect(channel.timezone).toBe('America/New_York')
    expect(channel.deliveryRules).toEqual({ quietHours: body.quietHours, frequencyCap: body.frequencyCap })
    const log = await t.api.prisma.auditLog.findFirstOrThrow({ where: { action: 'delivery_rules.update' } })
    expect(log.details).toMatchObject({ before: { quietHours: null }, after: body })

    // Omitted rules are turned off; the zone is kept.
    const off = await t.owner.put('/api/settings/delivery', {})
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
      const res = await t.owner.put('/api/settings/delivery', body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(paths(res.body), JSON.stringify(body)).toContain(path)
    }
    expect((await t.member.put('/api/settings/delivery', {})).status).toBe(403)
  })
})
