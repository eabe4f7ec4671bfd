import { describe, expect, it } from 'vitest'
import { type CallResult } from './harness'
import { useTestApi } from './useTestApi'

const t = useTestApi({ roles: ['owner', 'member'], channel: true })

const node = (id: string, type: string, params: unknown = {}, x = 0) => ({
  id,
  type,
  version: 1,
  params,
  position: { x, y: 0 },
})
const edge = (source: string, target: string, sourcePort = 'next') => ({
  id: `${source}-${sourcePort}-${target}`,
  source,
  sourcePort,
  target,
})
const say = (text: string) => ({ messages: [{ type: 'text', text }] })
const waitDays = (days: number) => ({ mode: 'duration', duration: { days, hours: 0, minutes: 0 } })

/** Follow → welcome; a week later a tip; 23 days after that (day 30) an offer. */
const thirtyDays = {
  nodes: [
    node('t', 'trigger.follow', { refollow: true }),
    node('m1', 'message', say('ようこそ')),
    node('w1', 'wait', waitDays(7)),
    node('m2', 'message', say('1週間たちました')),
    node('w2', 'wait', waitDays(23)),
    node('m3', 'message', say('30日記念クーポン')),
  ],
  edges: [edge('t', 'm1'), edge('m1', 'w1'), edge('w1', 'm2'), edge('m2', 'w2'), edge('w2', 'm3')],
  settings: { reentry: 'once' },
}

async function createFlow(name = 'ウェルカム'): Promise<string> {
  const res = await t.owner.post('/api/flows', { name })
  expect(res.status).toBe(201)
  return res.body.id
}

async function saveDraft(id: string, draft: unknown): Promise<CallResult> {
  return t.owner.put(`/api/flows/${id}/draft`, { draft })
}

describe('creating, listing, reading, duplicating', () => {
  it('creates a draft holding one follow trigger with its defaults, audited', async () => {
    const res = await t.owner.post('/api/flows', { name: '新規友だち', description: '追加直後の案内' })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      name: '新規友だち',
      description: '追加直後の案内',
      status: 'draft',
      latestVersion: 0,
      versions: [],
      draft: {
        nodes: [
          {
            id: expect.any(String),
            type: 'trigger.follow',
            version: 1,
            params: { refollow: true },
            position: { x: 0, y: 0 },
          },
        ],
        edges: [],
      },
      // A lone trigger: its `next` port must lead somewhere before publishing.
      issues: [expect.objectContaining({ code: 'portNotConnected' })],
    })
    expect(new Date(res.body.draftUpdatedAt).getTime()).toBeGreaterThan(0)
    const row = await t.api.prisma.flow.findUniqueOrThrow({ where: { id: res.body.id } })
    expect(row.channelId).toBe(t.channelId)
    const log = await t.api.prisma.auditLog.findFirst({
      where: { action: 'flow.create', target: `flow:${row.id}` },
    })
    expect(log?.details).toMatchObject({ name: '新規友だち' })
  })

  it('validates the name', async () => {
    const empty = await t.owner.post('/api/flows', { name: '' })
    expect(empty.status).toBe(400)
    expect(empty.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['body.name'])
    const long = await t.owner.post('/api/flows', { name: 'あ'.repeat(81) })
    expect(long.status).toBe(400)
  })

  it('lists with run counts, filters by status, hides archived by default', async () => {
    const a = await createFlow('一覧A')
    const b = await createFlow('一覧B')
    await t.api.prisma.flow.update({ where: { id: b }, data: { status: 'archived' } })
    const friend = await t.api.prisma.friend.create({
      data: { channelId: t.channelId, lineUserId: 'U-list', displayName: '一覧さん' },
    })
    const runs = [
      { status: 'running', endReason: null },
      { status: 'waiting', endReason: null },
      { status: 'completed', endReason: 'goal' },
      { status: 'completed', endReason: 'completed' },
      { status: 'cancelled', endReason: 'stopped' },
    ] as const
    await t.api.prisma.scenarioRun.createMany({
      data: runs.map((r, i) => ({
        channelId: t.channelId,
        flowId: a,
        version: 1,
        friendId: friend.id,
        workflowId: `wf-list-${i}`,
        status: r.status,
        endReason: r.endReason,
      })),
    })
    const list = await t.owner.get('/api/flows')
    expect(list.status).toBe(200)
    const names = list.body.items.map((f: { name: string }) => f.name)
    expect(names).toContain('一覧A')
    expect(names).not.toContain('一覧B')
    expect(list.body.items.find((f: { id: string }) => f.id === a)).toEqual({
      id: a,
      name: '一覧A',
      description: '',
      status: 'draft',
      latestVersion: 0,
      draftUpdatedAt: expect.any(String),
      updatedAt: expect.any(String),
      running: 2,
      completed: 2,
      conversions: 1,
    })
    const archived = await t.member.get('/api/flows?status=archived')
    expect(archived.body.items.map((f: { id: string }) => f.id)).toEqual([b])
    expect((await t.owner.get('/api/flows?status=gone')).status).toBe(400)
  })

  it('reads one flow, 404 for an unknown one', async () => {
    const id = await createFlow('読む')
    const res = await t.member.get(`/api/flows/${id}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id, name: '読む', status: 'draft', versions: [] })
    const missing = await t.owner.get('/api/flows/nope')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
  })

  it('duplicates the draft into a new draft named … のコピー', async () => {
    const id = await createFlow('元')
    expect((await saveDraft(id, thirtyDays)).status).toBe(200)
    await t.owner.post(`/api/flows/${id}/publish`)
    const res = await t.owner.post(`/api/flows/${id}/duplicate`)
    expect(res.status).toBe(201)
    expect(res.body.id).not.toBe(id)
    expect(res.body).toMatchObject({
      name: '元 のコピー',
      status: 'draft',
      latestVersion: 0,
      versions: [],
      issues: [],
    })
    expect(res.body.draft.nodes.map((n: { id: string }) => n.id)).toEqual(['t', 'm1', 'w1', 'm2', 'w2', 'm3'])
    expect(await t.api.prisma.flowVersion.count({ where: { flowId: res.body.id } })).toBe(0)
    // A copy's name stays within the 80 characters the editor may save back.
    const long = await createFlow('長'.repeat(80))
    const copy = await t.owner.post(`/api/flows/${long}/duplicate`)
    expect(copy.body.name).toBe(`${'長'.repeat(75)} のコピー`)
    expect(
      (await t.owner.put(`/api/flows/${copy.body.id}/draft`, { draft: thirtyDays, name: copy.body.name }))
        .status,
    ).toBe(200)
  })
})

describe('saving drafts', () => {
  it('refuses a structurally broken draft with 400 naming the field', async () => {
    const id = await createFlow()
    const broken = { ...thirtyDays, nodes: [{ ...thirtyDays.nodes[0], position: undefined }] }
    const res = await saveDraft(id, broken)
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('invalid_request')
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(
      'body.draft.nodes.0.position',
    )
    const extra = await saveDraft(id, { ...thirtyDays, colour: 'red' })
    expect(extra.status).toBe(400)
    // The stored draft is untouched.
    const row = await t.api.prisma.flow.findUniqueOrThrow({ where: { id } })
    expect((row.draft as { nodes: unknown[] }).nodes).toHaveLength(1)
  })

  it('saves a draft with semantic issues and returns them; publishing it is refused with 422', async () => {
    const id = await createFlow('問題あり')
    const draft = {
      nodes: [
        node('t', 'trigger.follow'),
        node('tag', 'action.tags', { add: ['no-such-tag'] }),
        node('lost', 'message', say('だれも来ない')),
      ],
      edges: [edge('t', 'tag')],
    }
    const before = await t.api.prisma.flow.findUniqueOrThrow({ where: { id } })
    const res = await t.owner.put(`/api/flows/${id}/draft`, { draft, name: '問題あり（改）' })
    expect(res.status).toBe(200)
    expect(new Date(res.body.draftUpdatedAt).getTime()).toBeGreaterThanOrEqual(
      before.draftUpdatedAt.getTime(),
    )
    const issueNodes = res.body.issues.map((i: { nodeId?: string }) => i.nodeId)
    expect(issueNodes).toEqual(expect.arrayContaining(['tag', 'lost']))
    expect(res.body.issues.find((i: { nodeId?: string }) => i.nodeId === 'tag')).toMatchObject({
      path: 'add.0',
      message: { ja: expect.any(String), en: expect.any(String) },
    })
    const saved = await t.owner.get(`/api/flows/${id}`)
    expect(saved.body.name).toBe('問題あり（改）')
    expect(saved.body.draft.nodes).toHaveLength(3)
    expect(saved.body.issues).toEqual(res.body.issues)

    const publish = await t.owner.post(`/api/flows/${id}/publish`)
    expect(publish.status).toBe(422)
    expect(publish.body.error.code).toBe('invalid_flow')
    expect(publish.body.error.issues.map((i: { nodeId?: string }) => i.nodeId)).toEqual(
      expect.arrayContaining(['tag', 'lost']),
    )
    expect(await t.api.prisma.flowVersion.count({ where: { flowId: id } })).toBe(0)

    // Once the tag exists and the stray node is gone, it publishes.
    const tag = await t.api.prisma.tag.create({ data: { channelId: t.channelId, name: 'VIP' } })
    const fixed = {
      nodes: [node('t', 'trigger.follow'), node('tag', 'action.tags', { add: [tag.id] })],
      edges: [edge('t', 'tag')],
    }
    expect((await saveDraft(id, fixed)).body.issues).toEqual([])
    expect((await t.owner.post(`/api/flows/${id}/publish`)).status).toBe(200)
  })

  it('members may read but not edit or publish', async () => {
    const id = await createFlow()
    expect((await t.member.put(`/api/flows/${id}/draft`, { draft: thirtyDays })).status).toBe(403)
    expect((await t.member.post('/api/flows', { name: 'x' })).status).toBe(403)
    await saveDraft(id, thirtyDays)
    const res = await t.member.post(`/api/flows/${id}/publish`)
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('forbidden')
    expect((await t.member.post(`/api/flows/${id}/pause`)).status).toBe(403)
    expect((await t.api.prisma.flow.findUniqueOrThrow({ where: { id } })).latestVersion).toBe(0)
  })
})

describe('publishing and the lifecycle', () => {
  it('publishes version 1 then 2; version 1 keeps its definition (pinning)', async () => {
    const id = await createFlow('版')
    await saveDraft(id, thirtyDays)
    const first = await t.owner.post(`/api/flows/${id}/publish`)
    expect(first.status).toBe(200)
    expect(first.body).toEqual({ version: 1, status: 'active' })

    const changed = structuredClone(thirtyDays)
    changed.nodes[1] = node('m1', 'message', say('ようこそ（第2版）'))
    await saveDraft(id, changed)
    const second = await t.owner.post(`/api/flows/${id}/publish`)
    expect(second.body).toEqual({ version: 2, status: 'active' })

    const v1 = await t.api.prisma.flowVersion.findUniqueOrThrow({
      where: { flowId_version: { flowId: id, version: 1 } },
    })
    const v2 = await t.api.prisma.flowVersion.findUniqueOrThrow({
      where: { flowId_version: { flowId: id, version: 2 } },
    })
    const textOf = (def: unknown) =>
      (def as { nodes: { id: string; params: { messages: { text: string }[] } }[] }).nodes.find(
        (n) => n.id === 'm1',
      )!.params.messages[0]!.text
    expect(textOf(v1.definition)).toBe('ようこそ')
    expect(textOf(v2.definition)).toBe('ようこそ（第2版）')

    const detail = await t.owner.get(`/api/flows/${id}`)
    expect(detail.body.latestVersion).toBe(2)
    expect(detail.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2])
    const logs = await t.api.prisma.auditLog.findMany({
      where: { action: 'flow.publish', target: `flow:${id}` },
    })
    expect(logs.map((l) => (l.details as { version: number }).version).sort()).toEqual([1, 2])
  })

  it('pauses, resumes and archives; an archived flow cannot be published', async () => {
    const id = await createFlow('状態')
    await saveDraft(id, thirtyDays)
    // A draft that was never published cannot be paused.
    expect((await t.owner.post(`/api/flows/${id}/pause`)).status).toBe(409)
    await t.owner.post(`/api/flows/${id}/publish`)
    expect((await t.owner.post(`/api/flows/${id}/pause`)).body).toEqual({ status: 'paused' })
    expect((await t.api.prisma.flow.findUniqueOrThrow({ where: { id } })).status).toBe('paused')
    expect((await t.owner.post(`/api/flows/${id}/resume`)).body).toEqual({ status: 'active' })
    expect((await t.owner.post(`/api/flows/${id}/resume`)).status).toBe(409)
    expect((await t.owner.post(`/api/flows/${id}/archive`)).body).toEqual({ status: 'archived' })
    const publish = await t.owner.post(`/api/flows/${id}/publish`)
    expect(publish.status).toBe(409)
    expect(publish.body.error.code).toBe('flow_archived')
    expect((await t.api.prisma.flow.findUniqueOrThrow({ where: { id } })).latestVersion).toBe(1)
    const actions = await t.api.prisma.auditLog.findMany({
      where: { target: `flow:${id}`, action: { in: ['flow.pause', 'flow.resume', 'flow.archive'] } },
      orderBy: { at: 'asc' },
    })
    expect(actions.map((a) => a.action)).toEqual(['flow.pause', 'flow.resume', 'flow.archive'])
  })
})

describe('time-travel preview', () => {
  it('plays a 30-day flow in one request, with the simulated send dates', async () => {
    const id = await createFlow('30日')
    await saveDraft(id, thirtyDays)
    const startAt = '2026-01-05T01:00:00.000Z' // 10:00 in Tokyo
    const started = Date.now()
    const res = await t.member.post(`/api/flows/${id}/preview`, { startAt, friend: { displayName: '花子' } })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(res.status).toBe(200)
    expect(res.body.sends).toEqual([
      {
        at: '2026-01-05T01:00:00.000Z',
        nodeId: 'm1',
        messages: [expect.objectContaining({ text: 'ようこそ' })],
      },
      {
        at: '2026-01-12T01:00:00.000Z',
        nodeId: 'm2',
        messages: [expect.objectContaining({ text: '1週間たちました' })],
      },
      {
        at: '2026-02-04T01:00:00.000Z',
        nodeId: 'm3',
        messages: [expect.objectContaining({ text: '30日記念クーポン' })],
      },
    ])
    expect(res.body.endedWith).toMatchObject({ reason: 'completed', at: '2026-02-04T01:00:00.000Z' })
    expect(res.body.trace.length).toBeGreaterThan(0)
    expect(res.body.trace[0].at).toBe(startAt)
    // Nothing reached LINE or the database.
    expect(await t.api.prisma.scenarioRun.count({ where: { flowId: id } })).toBe(0)
  })

  it('applies the channel’s quiet hours and scripted events', async () => {
    const id = await createFlow('返信待ち')
    await saveDraft(id, {
      nodes: [
        node('t', 'trigger.follow'),
        node('ask', 'message', say('好きな色は？')),
        node('w', 'waitForEvent', {
          event: { kind: 'reply' },
          timeout: { days: 3, hours: 0, minutes: 0 },
        }),
        node('thanks', 'message', say('ありがとう')),
      ],
      edges: [edge('t', 'ask'), edge('ask', 'w'), edge('w', 'thanks', 'happened')],
    })
    const draft = await t.owner.get(`/api/flows/${id}`)
    const waitIssues = draft.body.issues
    if (waitIssues.length > 0) throw new Error(`unexpected issues: ${JSON.stringify(waitIssues)}`)
    await t.owner.put('/api/settings/delivery', { quietHours: { start: '22:00', end: '08:00' } })
    try {
      const res = await t.owner.post(`/api/flows/${id}/preview`, {
        startAt: '2026-01-05T12:30:00.000Z', // 21:30 Tokyo
        events: [{ afterMinutes: 60, kind: 'reply', text: '青' }],
      })
      expect(res.status).toBe(200)
      // The question goes at 21:30; the reply at 22:30 falls into quiet hours: thanks at 08:00.
      expect(res.body.sends.map((s: { at: string; nodeId: string }) => [s.nodeId, s.at])).toEqual([
        ['ask', '2026-01-05T12:30:00.000Z'],
        ['thanks', '2026-01-05T23:00:00.000Z'],
      ])
      expect(res.body.trace.some((t: { event: string }) => t.event === 'delivery.delayed')).toBe(true)
    } finally {
      await t.owner.put('/api/settings/delivery', {})
    }
  })

  it('refuses to play a draft that breaks the graph rules (422 with the issues)', async () => {
    const id = await createFlow('壊れ')
    await saveDraft(id, { nodes: [node('m', 'message', say('x'))], edges: [] })
    const res = await t.owner.post(`/api/flows/${id}/preview`, {})
    expect(res.status).toBe(422)
    expect(res.body.error.issues.map((i: { code: string }) => i.code)).toContain('noTrigger')
  })
})
