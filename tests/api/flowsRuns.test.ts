import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApi } from './useTestApi'

// The shared Temporal dev server: cancel signals real workflows (or finds none).
const t = useTestApi({ roles: ['owner', 'manager', 'member'], channel: true, temporal: true })
let flowId: string
let otherFlowId: string
let friendId: string
let runId: string

const base = Date.parse('2026-11-01T00:00:00Z')
const at = (minutes: number) => new Date(base + minutes * 60_000)

beforeAll(async () => {
  const draft = { nodes: [], edges: [], settings: { reentry: 'once' } }
  flowId = (
    await t.api.prisma.flow.create({
      data: { channelId: t.channelId, name: 'ステップ配信', draft, latestVersion: 2 },
    })
  ).id
  otherFlowId = (
    await t.api.prisma.flow.create({ data: { channelId: t.channelId, name: '別シナリオ', draft } })
  ).id
  const friend = await t.api.prisma.friend.create({
    data: {
      channelId: t.channelId,
      lineUserId: 'U-runs',
      displayName: '山田',
      pictureUrl: 'https://example.com/p.png',
    },
  })
  friendId = friend.id
  const other = await t.api.prisma.friend.create({
    data: { channelId: t.channelId, lineUserId: 'U-runs-2', displayName: '佐藤' },
  })
  // 30 runs of the flow for two friends, run i started at minute i; plus one of another flow.
  for (let i = 0; i < 30; i++) {
    await t.api.prisma.scenarioRun.create({
      data: {
        channelId: t.channelId,
        flowId,
        version: i < 20 ? 1 : 2,
        friendId: i % 3 === 0 ? friendId : other.id,
        workflowId: `scenario-${i}`,
        status: i % 5 === 0 ? 'waiting' : 'completed',
        currentNodeId: i % 5 === 0 ? 'w1' : null,
        nextFireAt: i % 5 === 0 ? at(i + 600) : null,
        endReason: i % 5 === 0 ? null : 'completed',
        endedAt: i % 5 === 0 ? null : at(i + 1),
        startedAt: at(i),
      },
    })
  }
  await t.api.prisma.scenarioRun.create({
    data: {
      channelId: t.channelId,
      flowId: otherFlowId,
      version: 1,
      friendId,
      workflowId: 'scenario-other',
      startedAt: at(100),
    },
  })
  const run = await t.api.prisma.scenarioRun.findFirstOrThrow({ where: { workflowId: 'scenario-0' } })
  runId = run.id
  await t.api.prisma.runStep.createMany({
    data: [
      { runId, at: at(0), event: 'run.start', nodeId: 't', data: { trigger: 'follow' } },
      { runId, at: at(0), event: 'node.enter', nodeId: 'm1' },
      { runId, at: at(0), event: 'send', nodeId: 'm1', data: { requestId: 'r1' } },
      { runId, at: at(0), event: 'wait.until', nodeId: 'w1', data: { until: at(600).getTime() } },
    ],
  })
})

describe('run lists', () => {
  it('pages through a flow’s runs, newest first, with the friend and flow names', async () => {
    const res = await t.member.get(`/api/flows/${flowId}/runs?pageSize=10`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ total: 30, page: 1, pageSize: 10 })
    expect(res.body.items).toHaveLength(10)
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      flowId,
      flowName: 'ステップ配信',
      friend: { id: expect.any(String), displayName: '佐藤', pictureUrl: null },
      version: 2,
      status: 'completed',
      currentNodeId: null,
      nextFireAt: null,
      startedAt: at(29).toISOString(),
      endedAt: at(30).toISOString(),
      endReason: 'completed',
      workflowId: 'scenario-29',
    })
    const last = await t.member.get(`/api/flows/${flowId}/runs?pageSize=10&page=3`)
    expect(last.body.items.map((r: { workflowId: string }) => r.workflowId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `scenario-${9 - i}`),
    )
  })

  it('filters by status', async () => {
    const res = await t.member.get(`/api/flows/${flowId}/runs?status=waiting`)
    expect(res.body.total).toBe(6)
    expect(res.body.items[0]).toMatchObject({
      status: 'waiting',
      currentNodeId: 'w1',
      nextFireAt: at(625).toISOString(),
      endedAt: null,
    })
    expect((await t.member.get(`/api/flows/${flowId}/runs?status=asleep`)).status).toBe(400)
    expect((await t.member.get('/api/flows/nope/runs')).status).toBe(404)
  })

  it('lists a friend’s runs across flows', async () => {
    const res = await t.member.get(`/api/friends/${friendId}/runs`)
    expect(res.status).toBe(200)
    // i % 3 === 0 for i < 30: 10 runs, plus the other flow's.
    expect(res.body.total).toBe(11)
    expect(res.body.items[0]).toMatchObject({
      flowId: otherFlowId,
      flowName: '別シナリオ',
      friend: { id: friendId, displayName: '山田', pictureUrl: 'https://example.com/p.png' },
    })
    expect((await t.member.get('/api/friends/nope/runs')).status).toBe(404)
  })
})

describe('run detail', () => {
  it('shows the steps in order and the Temporal Web UI link to owners and admins only', async () => {
    const res = await t.owner.get(`/api/runs/${runId}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      id: runId,
      flowName: 'ステップ配信',
      status: 'waiting',
      workflowId: 'scenario-0',
    })
    expect(res.body.steps).toEqual([
      { at: at(0).toISOString(), event: 'run.start', nodeId: 't', data: { trigger: 'follow' } },
      { at: at(0).toISOString(), event: 'node.enter', nodeId: 'm1', data: {} },
      { at: at(0).toISOString(), event: 'send', nodeId: 'm1', data: { requestId: 'r1' } },
      { at: at(0).toISOString(), event: 'wait.until', nodeId: 'w1', data: { until: at(600).getTime() } },
    ])
    const port = process.env.TEMPORAL_DEV_UI_PORT ?? '8233'
    const ns = process.env.TEMPORAL_NAMESPACE ?? 'default'
    expect(res.body.temporalUiUrl).toBe(`http://127.0.0.1:${port}/namespaces/${ns}/workflows/scenario-0`)
    expect((await t.manager.get(`/api/runs/${runId}`)).status).toBe(403)
    expect((await t.member.get(`/api/runs/${runId}`)).status).toBe(403)
    expect((await t.owner.get('/api/runs/nope')).status).toBe(404)
  })
})

describe('cancelling a run', () => {
  async function waitingRun(workflowId: string) {
    return t.api.prisma.scenarioRun.create({
      data: {
        channelId: t.channelId,
        flowId,
        version: 2,
        friendId,
        workflowId,
        status: 'waiting',
        nextFireAt: at(5000),
      },
    })
  }

  it('marks a run whose workflow does not exist cancelled, audited', async () => {
    const run = await waitingRun(`scenario-gone-${randomUUID()}`)
    expect((await t.manager.post(`/api/runs/${run.id}/cancel`)).status).toBe(403)
    const res = await t.owner.post(`/api/runs/${run.id}/cancel`)
    expect(res.status).toBe(202)
    expect(res.body).toEqual({ ok: true })
    const after = await t.api.prisma.scenarioRun.findUniqueOrThrow({ where: { id: run.id } })
    expect(after).toMatchObject({ status: 'cancelled', endReason: 'stopped', nextFireAt: null })
    expect(after.endedAt).toBeInstanceOf(Date)
    const log = await t.api.prisma.auditLog.findFirstOrThrow({
      where: { action: 'run.cancel', target: `run:${run.id}` },
    })
    expect(log.details).toMatchObject({ signalled: false, workflowId: run.workflowId })
    // Already ended: nothing to cancel.
    const again = await t.owner.post(`/api/runs/${run.id}/cancel`)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('run_ended')
  })

  it('signals `stop` with the staff ID to a live workflow and leaves the ending to it', async () => {
    const workflowId = `scenario-live-${randomUUID()}`
    const temporal = t.api.app.deps.temporal
    // No worker polls this queue: the workflow stays open and records the signal in its history.
    const handle = await temporal.workflow.start('scenario', {
      taskQueue: `nobody-${randomUUID()}`,
      workflowId,
      args: [],
    })
    try {
      const run = await waitingRun(workflowId)
      const res = await t.owner.post(`/api/runs/${run.id}/cancel`)
      expect(res.status).toBe(202)
      const staffId = (await t.api.prisma.staff.findFirstOrThrow({ where: { role: 'owner' } })).id
      let signal: { name?: string | null; payload?: unknown } | undefined
      for await (const event of (await handle.fetchHistory()).events ?? []) {
        if (event.workflowExecutionSignaledEventAttributes) {
          const attrs = event.workflowExecutionSignaledEventAttributes
          const data = attrs.input?.payloads?.[0]?.data
          signal = {
            name: attrs.signalName,
            payload: data ? JSON.parse(Buffer.from(data).toString()) : undefined,
          }
        }
      }
      expect(signal?.name).toBe('stop')
      expect(signal?.payload).toEqual({ by: staffId })
      expect((await t.api.prisma.scenarioRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe(
        'waiting',
      )
      const log = await t.api.prisma.auditLog.findFirstOrThrow({
        where: { action: 'run.cancel', target: `run:${run.id}` },
      })
      expect(log.details).toMatchObject({ signalled: true })
    } finally {
      await handle.terminate('test over')
    }
  })
})
