import { beforeAll, describe, expect, it } from 'vitest'
import { Browser } from './harness'
import { useTestApi } from './useTestApi'

const t = useTestApi({ roles: ['owner', 'manager'], channel: true })

/** The reminder API without Temporal: validation, roles, audit, run listing (starts: tests/integration). */

let dateFieldId: string
let textFieldId: string

const paths = (body: { error: { fields?: { path: string }[] } }) => body.error.fields?.map((f) => f.path)

const step = (id: string, offset: object, text = `${id} のお知らせ`) => ({
  id,
  offset,
  messages: [{ type: 'text', text }],
})

function body(overrides: object = {}) {
  return {
    name: '来店リマインド',
    target: { kind: 'field', fieldId: dateFieldId },
    steps: [
      step('d3', { amount: 3, unit: 'days', direction: 'before', at: '19:00' }),
      step('h1', { amount: 1, unit: 'hours', direction: 'before' }),
    ],
    ...overrides,
  }
}

beforeAll(async () => {
  const date = await t.api.prisma.friendField.create({
    data: { channelId: t.channelId, key: 'visit', name: '来店日', type: 'date' },
  })
  const text = await t.api.prisma.friendField.create({
    data: { channelId: t.channelId, key: 'memo', name: 'メモ', type: 'text' },
  })
  dateFieldId = date.id
  textFieldId = text.id
})

describe('reminder sets', () => {
  it('creates, reads, replaces and archives a set, each change audited', async () => {
    const created = await t.owner.post('/api/reminders', body())
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: '来店リマインド',
      status: 'active',
      target: { kind: 'field', fieldId: dateFieldId },
      scheduled: 0,
    })
    expect(created.body.steps.map((s: { id: string }) => s.id)).toEqual(['d3', 'h1'])
    const id: string = created.body.id

    expect((await t.manager.get(`/api/reminders/${id}`)).body).toMatchObject({ id, name: '来店リマインド' })
    expect((await t.manager.get('/api/reminders')).body.items.map((s: { id: string }) => s.id)).toEqual([id])

    const replaced = await t.owner.put(
      `/api/reminders/${id}`,
      body({ name: '予約リマインド', target: { kind: 'start' }, status: 'paused' }),
    )
    expect(replaced.status).toBe(200)
    expect(replaced.body).toMatchObject({
      name: '予約リマインド',
      status: 'paused',
      target: { kind: 'start' },
    })

    const archived = await t.owner.post(`/api/reminders/${id}/archive`)
    expect(archived.status).toBe(200)
    expect(archived.body.status).toBe('archived')
    expect((await t.owner.get('/api/reminders')).body.items).toEqual([])
    expect(
      (await t.owner.get('/api/reminders?status=archived')).body.items.map((s: { id: string }) => s.id),
    ).toEqual([id])

    const log = await t.api.prisma.auditLog.findMany({
      where: { target: `reminder:${id}` },
      orderBy: { id: 'asc' },
    })
    expect(log.map((l) => l.action)).toEqual(['reminder.create', 'reminder.update', 'reminder.archive'])
    expect(log[1]!.details).toMatchObject({
      before: { name: '来店リマインド' },
      after: { name: '予約リマインド' },
    })
  })

  it('answers 400 naming the field of bad input', async () => {
    const atWithHours = await t.owner.post(
      '/api/reminders',
      body({ steps: [step('a', { amount: 1, unit: 'hours', direction: 'before', at: '19:00' })] }),
    )
    expect(atWithHours.status).toBe(400)
    expect(paths(atWithHours.body)).toEqual(['body.steps.0.offset.at'])

    const badMessage = await t.owner.post(
      '/api/reminders',
      body({ steps: [step('a', { amount: 1, unit: 'days', direction: 'before' }, '')] }),
    )
    expect(badMessage.status).toBe(400)
    expect(paths(badMessage.body)).toEqual(['body.steps.0.messages.0.text'])

    const noName = await t.owner.post('/api/reminders', body({ name: '' }))
    expect(paths(noName.body)).toEqual(['body.name'])

    const textField = await t.owner.post(
      '/api/reminders',
      body({ target: { kind: 'field', fieldId: textFieldId } }),
    )
    expect(textField.status).toBe(400)
    expect(textField.body.error.fields).toEqual([
      { path: 'body.target.fieldId', message: 'The field must be a date or datetime field' },
    ])
    const unknownField = await t.owner.post(
      '/api/reminders',
      body({ target: { kind: 'field', fieldId: 'nope' } }),
    )
    expect(paths(unknownField.body)).toEqual(['body.target.fieldId'])
    expect(
      await t.api.prisma.reminderSet.count({ where: { name: '来店リマインド', status: 'active' } }),
    ).toBe(0)
  })

  it('lets only the owner and admins change sets or start and cancel reminders', async () => {
    const forbidden = await t.manager.post('/api/reminders', body())
    expect(forbidden.status).toBe(403)
    const set = await t.owner.post('/api/reminders', body({ name: 'roles' }))
    const id: string = set.body.id
    expect((await t.manager.put(`/api/reminders/${id}`, body())).status).toBe(403)
    expect((await t.manager.post(`/api/reminders/${id}/archive`)).status).toBe(403)
    expect((await t.manager.post(`/api/reminders/${id}/runs`, { friendId: 'x', target: 0 })).status).toBe(403)
    expect((await t.manager.post(`/api/reminders/${id}/runs/x/cancel`)).status).toBe(403)
    expect((await new Browser(t.api.url).get('/api/reminders')).status).toBe(401)
  })
})

describe('reminder runs', () => {
  it('validates a manual start before touching Temporal', async () => {
    const set = await t.owner.post('/api/reminders', body({ name: 'manual', target: { kind: 'start' } }))
    const id: string = set.body.id
    const noTarget = await t.owner.post(`/api/reminders/${id}/runs`, { friendId: 'abc' })
    expect(noTarget.status).toBe(400)
    expect(paths(noTarget.body)).toEqual(['body.target'])
    const badTarget = await t.owner.post(`/api/reminders/${id}/runs`, { friendId: 'abc', target: 'tomorrow' })
    expect(paths(badTarget.body)).toEqual(['body.target'])
    const unknownFriend = await t.owner.post(`/api/reminders/${id}/runs`, {
      friendId: 'abc',
      target: '2026-12-10T15:00:00+09:00',
    })
    expect(unknownFriend.status).toBe(400)
    expect(paths(unknownFriend.body)).toEqual(['body.friendId'])

    const friend = await t.api.prisma.friend.create({
      data: { channelId: t.channelId, lineUserId: 'U-blocked', displayName: 'blocked', status: 'blocked' },
    })
    const blocked = await t.owner.post(`/api/reminders/${id}/runs`, { friendId: friend.id, target: 0 })
    expect(blocked.status).toBe(409)
    await t.owner.post(`/api/reminders/${id}/archive`)
    const archived = await t.owner.post(`/api/reminders/${id}/runs`, { friendId: friend.id, target: 0 })
    expect(archived.status).toBe(409)
    expect(archived.body.error.code).toBe('reminder_not_active')
  })

  it('lists runs newest first with paging, and refuses to cancel one that ended', async () => {
    const set = await t.owner.post('/api/reminders', body({ name: 'runs' }))
    const id: string = set.body.id
    const friend = await t.api.prisma.friend.create({
      data: { channelId: t.channelId, lineUserId: 'U-runs', displayName: '花子' },
    })
    for (const [i, status] of (['completed', 'cancelled', 'scheduled'] as const).entries()) {
      await t.api.prisma.reminderRun.create({
        data: {
          id: `run-${i}`,
          channelId: t.channelId,
          setId: id,
          friendId: friend.id,
          workflowId: `reminder-${id}-${friend.id}`,
          status,
          target: new Date(Date.UTC(2026, 11, 10, 6)),
          origin: 'field:x',
          sentSteps: i === 0 ? [{ stepId: 'd3', at: 1, target: 2 }] : [],
          startedAt: new Date(Date.UTC(2026, 11, 1 + i)),
        },
      })
    }
    const page1 = await t.manager.get(`/api/reminders/${id}/runs?pageSize=2`)
    expect(page1.status).toBe(200)
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 })
    expect(page1.body.items.map((r: { id: string }) => r.id)).toEqual(['run-2', 'run-1'])
    const page2 = await t.manager.get(`/api/reminders/${id}/runs?pageSize=2&page=2`)
    expect(page2.body.items).toEqual([
      expect.objectContaining({
        id: 'run-0',
        status: 'completed',
        friend: { id: friend.id, displayName: '花子', pictureUrl: null },
        sentSteps: [{ stepId: 'd3', at: 1, target: 2 }],
      }),
    ])
    const scheduled = await t.manager.get(`/api/reminders/${id}/runs?status=scheduled`)
    expect(scheduled.body.items.map((r: { id: string }) => r.id)).toEqual(['run-2'])
    expect((await t.owner.get(`/api/reminders/${id}`)).body.scheduled).toBe(1)

    const ended = await t.owner.post(`/api/reminders/${id}/runs/run-0/cancel`)
    expect(ended.status).toBe(409)
    expect((await t.owner.post(`/api/reminders/${id}/runs/missing/cancel`)).status).toBe(404)
  })
})
