import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FlowDefinition } from '../../flow/graph'
import { e, flow, n, say } from '../flow/helpers'
import { useTestApi } from './useTestApi'

/**
 * The version routes, the move-running-friends preview and operation (validation, roles, signals,
 * audit) and stopping a scenario. Runs here are rows whose workflows mostly do not exist; the
 * workflow side is covered by tests/integration/scenarioMigration.test.ts.
 */

// The shared Temporal dev server: signals reach real workflows (or find none).
const t = useTestApi({ roles: ['owner', 'admin', 'manager', 'member'], channel: true, temporal: true })
let flowId: string
let friendId: string
let ownerId: string

const wait = { event: { kind: 'reply' }, timeout: { days: 1 } }

function version(waitId: string, last: string): FlowDefinition {
  return flow(
    [
      n('t', 'trigger.follow'),
      n('a', 'message', say('A')),
      n(waitId, 'waitForEvent', wait),
      n(last, 'message', say('B')),
    ],
    [e('t', 'a'), e('a', waitId), e(waitId, last, 'happened')],
  )
}

async function run(version: number, currentNodeId: string | null, workflowId = `gone-${randomUUID()}`) {
  return t.api.prisma.scenarioRun.create({
    data: { channelId: t.channelId, flowId, version, friendId, workflowId, status: 'waiting', currentNodeId },
  })
}

beforeAll(async () => {
  ownerId = (await t.api.prisma.staff.findFirstOrThrow({ where: { role: 'owner' } })).id
  const v1 = version('w', 'b')
  const v2 = version('w2', 'b')
  flowId = (
    await t.api.prisma.flow.create({
      data: {
        channelId: t.channelId,
        name: '版のあるシナリオ',
        status: 'active',
        draft: v2 as object,
        latestVersion: 2,
        versions: {
          create: [
            { version: 1, definition: v1 as object, publishedById: ownerId },
            { version: 2, definition: v2 as object },
          ],
        },
      },
    })
  ).id
  friendId = (
    await t.api.prisma.friend.create({
      data: { channelId: t.channelId, lineUserId: 'U-mig', displayName: '鈴木' },
    })
  ).id
  await run(1, 'w')
  await run(1, 'w')
  await run(1, 'b')
  await run(2, 'w2')
  await t.api.prisma.scenarioRun.create({
    data: { channelId: t.channelId, flowId, version: 1, friendId, workflowId: 'done', status: 'completed' },
  })
})

describe('versions', () => {
  it('lists published versions newest first with the publisher and runs in progress', async () => {
    const res = await t.member.get(`/api/flows/${flowId}/versions`)
    expect(res.status).toBe(200)
    expect(res.body.items).toEqual([
      { version: 2, publishedAt: expect.any(String), publishedBy: null, running: 1 },
      {
        version: 1,
        publishedAt: expect.any(String),
        publishedBy: { id: ownerId, name: 'Owner' },
        running: 3,
      },
    ])
    expect((await t.member.get('/api/flows/nope/versions')).status).toBe(404)
  })

  it('returns one version’s immutable definition', async () => {
    const res = await t.member.get(`/api/flows/${flowId}/versions/1`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ version: 1, publishedBy: { name: 'Owner' } })
    expect(res.body.definition.nodes.map((x: { id: string }) => x.id)).toEqual(['t', 'a', 'w', 'b'])
    expect((await t.member.get(`/api/flows/${flowId}/versions/3`)).status).toBe(404)
    expect((await t.member.get(`/api/flows/${flowId}/versions/zero`)).status).toBe(400)
  })
})

describe('migration preview', () => {
  it('groups older-version runs by node and tells whether the node is in the target', async () => {
    const res = await t.admin.get(`/api/flows/${flowId}/migration`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      toVersion: 2,
      latestVersion: 2,
      total: 3,
      groups: [
        {
          fromVersion: 1,
          nodeId: 'b',
          fromType: 'message',
          count: 1,
          inTarget: true,
          targetType: 'message',
          resumable: true,
        },
        {
          fromVersion: 1,
          nodeId: 'w',
          fromType: 'waitForEvent',
          count: 2,
          inTarget: false,
          targetType: null,
          resumable: false,
        },
      ],
      targetNodes: [
        { id: 'a', type: 'message', version: 1 },
        { id: 'w2', type: 'waitForEvent', version: 1 },
        { id: 'b', type: 'message', version: 1 },
      ],
    })
  })

  it('is for owners and admins only', async () => {
    expect((await t.manager.get(`/api/flows/${flowId}/migration`)).status).toBe(403)
    expect((await t.member.get(`/api/flows/${flowId}/migration`)).status).toBe(403)
    expect((await t.owner.get(`/api/flows/${flowId}/migration?to=9`)).status).toBe(404)
  })
})

describe('moving running friends', () => {
  async function refused(body: unknown, path: string) {
    const res = await t.owner.post(`/api/flows/${flowId}/migration`, body)
    expect(res.status).toBe(400)
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(path)
  }

  it('refuses an older target, unknown or trigger mapping targets and a missing choice, naming the field', async () => {
    await refused({ toVersion: 1, unmapped: 'end' }, 'body.toVersion')
    await refused({ toVersion: 3, unmapped: 'end' }, 'body.toVersion')
    await refused({ toVersion: 2, mapping: { w: 'nowhere' }, unmapped: 'end' }, 'body.mapping.w')
    await refused({ toVersion: 2, mapping: { w: 't' }, unmapped: 'end' }, 'body.mapping.w')
    await refused({ toVersion: 2 }, 'body.unmapped')
    await refused({ toVersion: 2, unmapped: 'later' }, 'body.unmapped')
    expect(await t.api.prisma.auditLog.count({ where: { action: 'flow.migrate' } })).toBe(0)
  })

  it('is for owners and admins only', async () => {
    const body = { toVersion: 2, unmapped: 'end' }
    expect((await t.manager.post(`/api/flows/${flowId}/migration`, body)).status).toBe(403)
    expect((await t.member.post(`/api/flows/${flowId}/migration`, body)).status).toBe(403)
  })

  it('signals `migrate` with the complete mapping to each older run, and audits the counts', async () => {
    const workflowId = `scenario-live-${randomUUID()}`
    // No worker polls this queue: the workflow stays open and records the signal in its history.
    const handle = await t.api.app.deps.temporal.workflow.start('scenario', {
      taskQueue: `nobody-${randomUUID()}`,
      workflowId,
      args: [],
    })
    try {
      await run(1, 'w', workflowId)
      const res = await t.admin.post(`/api/flows/${flowId}/migration`, {
        toVersion: 2,
        mapping: { w: 'w2' },
        unmapped: 'restart',
      })
      expect(res.status).toBe(202)
      expect(res.body).toEqual({
        toVersion: 2,
        runs: 4,
        signalled: 1,
        notFound: 3,
        moved: 4,
        restarted: 0,
        ended: 0,
      })
      const signals = ((await handle.fetchHistory()).events ?? []).flatMap((event) => {
        const attrs = event.workflowExecutionSignaledEventAttributes
        const data = attrs?.input?.payloads?.[0]?.data
        return attrs && data
          ? [{ name: attrs.signalName, payload: JSON.parse(Buffer.from(data).toString()) }]
          : []
      })
      expect(signals).toHaveLength(1)
      expect(signals[0]?.name).toBe('migrate')
      expect(signals[0]?.payload).toMatchObject({
        toVersion: 2,
        mapping: { a: 'a', w2: 'w2', b: 'b', w: 'w2' },
        unmapped: 'restart',
      })
      expect(signals[0]?.payload.definition.nodes).toHaveLength(4)

      const log = await t.api.prisma.auditLog.findFirstOrThrow({ where: { action: 'flow.migrate' } })
      expect(log).toMatchObject({ actorType: 'staff', target: `flow:${flowId}` })
      expect(log.details).toMatchObject({
        fromVersions: [1],
        toVersion: 2,
        mapping: { w: 'w2' },
        unmapped: 'restart',
        runs: 4,
        notFound: 3,
      })
    } finally {
      await handle.terminate('test over')
    }
  })
})

describe('stopping a scenario', () => {
  it('is for owners and admins only', async () => {
    expect((await t.manager.post(`/api/flows/${flowId}/stop`)).status).toBe(403)
  })

  it('pauses it and ends its runs; runs whose workflow is gone are marked cancelled, audited', async () => {
    const res = await t.owner.post(`/api/flows/${flowId}/stop`)
    expect(res.status).toBe(200)
    // Four gone and one terminated workflow (the previous test's).
    expect(res.body).toEqual({ status: 'paused', runs: 5, signalled: 0, notFound: 5 })
    expect((await t.api.prisma.flow.findUniqueOrThrow({ where: { id: flowId } })).status).toBe('paused')
    expect(
      await t.api.prisma.scenarioRun.count({ where: { flowId, status: { in: ['running', 'waiting'] } } }),
    ).toBe(0)
    expect(await t.api.prisma.scenarioRun.count({ where: { flowId, endReason: 'stopped' } })).toBe(5)
    const log = await t.api.prisma.auditLog.findFirstOrThrow({ where: { action: 'flow.stop' } })
    expect(log.details).toMatchObject({ before: { status: 'active' }, after: { status: 'paused' }, runs: 5 })
    // A paused scenario stays paused; with nothing in progress, nothing is signalled.
    expect((await t.owner.post(`/api/flows/${flowId}/stop`)).body).toEqual({
      status: 'paused',
      runs: 0,
      signalled: 0,
      notFound: 0,
    })
  })
})
