import { randomUUID } from 'node:crypto'
import { Worker } from '@temporalio/worker'
import { describe, expect, it, vi } from 'vitest'
import type { FlowDefinition } from '../../flow/graph'
import { workflowBundle } from '../../stack/worker'
import { scenarioWorkflowId, type ScenarioInput } from '../../workflows/contracts/scenario'
import { setUpOwner, type Browser } from '../api/harness'
import { e, flow, n, say } from '../flow/helpers'
import type { TestStack } from '../helpers/stack'
import { useStack } from '../helpers/useStack'

/**
 * Versions of a running scenario, all real (Temporal dev server, PostgreSQL, LINE simulator, API,
 * worker): moving a waiting friend to version n+1 (same node, node gone → end / restart), stopping a
 * scenario, and continue-as-new keeping the run and its trace whole.
 * Flows are created as the tests go, and paused when done, so a follow enters only the flow under test.
 */

let stack: TestStack
let owner: Browser

const wait = { timeout: 30_000, interval: 100 }
const reply = { event: { kind: 'reply', match: { mode: 'exact', value: 'はい' } }, timeout: { days: 1 } }

/** follow → A → wait for「はい」(one day) → B. */
function replyFlow(prefix: string, waitId: string, b: string): FlowDefinition {
  return flow(
    [
      n('t', 'trigger.follow', { refollow: false }),
      n('a', 'message', say(`${prefix} A`)),
      n(waitId, 'waitForEvent', reply),
      n('b', 'message', say(b)),
    ],
    [e('t', 'a'), e('a', waitId), e(waitId, 'b', 'happened')],
  )
}

/** Saves the draft and publishes it through the API; returns the new version. */
async function publish(flowId: string, draft: FlowDefinition): Promise<number> {
  expect((await owner.put(`/api/flows/${flowId}/draft`, { draft })).status).toBe(200)
  const res = await owner.post(`/api/flows/${flowId}/publish`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.version
}

async function createFlow(name: string, draft: FlowDefinition): Promise<string> {
  const res = await owner.post('/api/flows', { name })
  expect(res.status).toBe(201)
  await publish(res.body.id, draft)
  return res.body.id
}

async function botTexts(userId: string): Promise<string[]> {
  const chat = await stack.sim.chat(userId)
  return chat.filter((i) => i.direction === 'bot').map((i) => i.message.text ?? `[${i.message.type}]`)
}

async function waitForText(userId: string, text: string) {
  await vi.waitFor(async () => expect(await botTexts(userId)).toContain(text), wait)
}

async function friendOf(userId: string) {
  return stack.prisma.friend.findUniqueOrThrow({
    where: { channelId_lineUserId: { channelId: stack.channel.id, lineUserId: userId } },
  })
}

async function runOf(userId: string, flowId: string) {
  const friend = await friendOf(userId)
  return stack.prisma.scenarioRun.findFirstOrThrow({ where: { friendId: friend.id, flowId } })
}

async function stepsOf(runId: string) {
  return stack.prisma.runStep.findMany({ where: { runId }, orderBy: { id: 'asc' } })
}

/** A new friend who follows and is left waiting at the flow's reply wait. */
async function waitingFriend(name: string, flowId: string, firstText: string): Promise<string> {
  const user = await stack.sim.createUser(name)
  await stack.sim.follow(user.userId)
  await waitForText(user.userId, firstText)
  await vi.waitFor(async () => expect((await runOf(user.userId, flowId)).status).toBe('waiting'), wait)
  return user.userId
}

async function waitForRun(userId: string, flowId: string, expected: Record<string, unknown>) {
  await vi.waitFor(async () => expect(await runOf(userId, flowId)).toMatchObject(expected), wait)
  return runOf(userId, flowId)
}

useStack(async (started) => {
  stack = started
  owner = await setUpOwner(stack.apiUrl)
})

describe('continue-as-new', () => {
  it('goes on in a new workflow run with the run row and its trace whole', async () => {
    const messages = ['c1', 'c2', 'c3', 'c4', 'c5']
    const definition = flow(
      [n('t', 'trigger.manual'), ...messages.map((m) => n(m, 'message', say(m)))],
      [e('t', 'c1'), ...messages.slice(1).map((m, i) => e(messages[i]!, m))],
    )
    const flowId = await createFlow('continue-as-new', definition)
    const user = await stack.sim.createUser('long')
    await stack.sim.follow(user.userId) // makes the friend (the flow starts only manually)
    const friend = await vi.waitFor(() => friendOf(user.userId), wait)
    const input: ScenarioInput = {
      channelId: stack.channel.id,
      flowId,
      version: 1,
      definition,
      friendId: friend.id,
      lineUserId: user.userId,
      trigger: { kind: 'manual', at: Date.now() },
      runId: randomUUID(),
      // Two steps per workflow run: six steps take three runs (two continue-as-new).
      stepsPerRun: 2,
    }
    const handle = await stack.temporal.workflow.start('scenario', {
      taskQueue: stack.taskQueue,
      workflowId: scenarioWorkflowId(flowId, friend.id),
      args: [input],
    })
    expect(await handle.result()).toMatchObject({ endReason: 'completed', nodeId: 'c5' })
    expect((await botTexts(user.userId)).filter((t) => messages.includes(t))).toEqual(messages)

    const description = await handle.describe()
    expect(description.runId).not.toBe(handle.firstExecutionRunId)
    const first = await stack.temporal.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId)
    const firstHistory = await first.fetchHistory()
    expect(firstHistory.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy()

    const run = await stack.prisma.scenarioRun.findUniqueOrThrow({ where: { id: input.runId } })
    expect(run).toMatchObject({ status: 'completed', endReason: 'completed', currentNodeId: 'c5' })
    const steps = await stepsOf(run.id)
    const entered = steps.filter((s) => s.event === 'node.enter').map((s) => s.nodeId)
    expect(entered).toEqual(['t', ...messages]) // each node once: nothing lost or repeated across runs
    expect(steps.filter((s) => s.event === 'run.start').map((s) => s.nodeId)).toEqual(['t', 'c2', 'c4'])
    expect(steps.filter((s) => s.event === 'send')).toHaveLength(messages.length)
    expect(steps.at(-1)?.event).toBe('run.end')
    await owner.post(`/api/flows/${flowId}/pause`)
  })
})

describe('moving running friends to version n+1', () => {
  let flowId: string
  let user: string

  it('moves a waiting friend to the same node of v2, which then goes on with v2’s content', async () => {
    flowId = await createFlow('same ids', replyFlow('same', 'w', 'B v1'))
    user = await waitingFriend('mover', flowId, 'same A')
    expect(await publish(flowId, replyFlow('same', 'w', 'B v2'))).toBe(2)

    const preview = await owner.get(`/api/flows/${flowId}/migration?to=2`)
    expect(preview.status).toBe(200)
    expect(preview.body).toMatchObject({
      toVersion: 2,
      total: 1,
      groups: [
        {
          fromVersion: 1,
          nodeId: 'w',
          fromType: 'waitForEvent',
          count: 1,
          inTarget: true,
          targetType: 'waitForEvent',
          resumable: true,
        },
      ],
    })
    expect(preview.body.targetNodes.map((t: { id: string }) => t.id).sort()).toEqual(['a', 'b', 'w'])

    const moved = await owner.post(`/api/flows/${flowId}/migration`, { toVersion: 2, unmapped: 'end' })
    expect(moved.status, JSON.stringify(moved.body)).toBe(202)
    expect(moved.body).toMatchObject({ toVersion: 2, runs: 1, signalled: 1, notFound: 0, moved: 1 })

    await waitForRun(user, flowId, { version: 2, status: 'waiting', currentNodeId: 'w' })
    await stack.sim.sendText(user, 'はい')
    await waitForText(user, 'B v2')
    const run = await waitForRun(user, flowId, { status: 'completed', endReason: 'completed', version: 2 })
    const texts = await botTexts(user)
    expect(texts).not.toContain('B v1')
    expect(texts.filter((t) => t === 'same A')).toHaveLength(1) // resumed at the wait, not replayed

    const steps = await stepsOf(run.id)
    const move = steps.find((s) => s.event === 'migrated')
    expect(move).toMatchObject({ nodeId: 'w' })
    expect(move?.data).toEqual({
      fromVersion: 1,
      fromNodeId: 'w',
      toVersion: 2,
      outcome: 'node',
      toNodeId: 'w',
    })
    expect(steps.filter((s) => s.event === 'run.start')).toHaveLength(2)
    expect(steps.filter((s) => s.event === 'run.end')).toHaveLength(1)

    const log = await stack.prisma.auditLog.findFirstOrThrow({
      where: { action: 'flow.migrate', target: `flow:${flowId}` },
    })
    expect(log.details).toMatchObject({ fromVersions: [1], toVersion: 2, unmapped: 'end', runs: 1, moved: 1 })
    expect(log.actorType).toBe('staff')

    // The version-1 part of the run (it continued as new) replays deterministically.
    const history = await stack.temporal.workflow.getHandle(run.workflowId, run.temporalRunId!).fetchHistory()
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, run.workflowId)
  })

  it('stopping the scenario pauses it and ends every run in progress, audited', async () => {
    const other = await waitingFriend('stopper', flowId, 'same A')
    const res = await owner.post(`/api/flows/${flowId}/stop`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'paused', runs: 1, signalled: 1, notFound: 0 })
    await waitForRun(other, flowId, { status: 'cancelled', endReason: 'stopped' })
    expect(await botTexts(other)).not.toContain('B v2')
    const log = await stack.prisma.auditLog.findFirstOrThrow({
      where: { action: 'flow.stop', target: `flow:${flowId}` },
    })
    expect(log.details).toMatchObject({ before: { status: 'active' }, after: { status: 'paused' }, runs: 1 })
  })

  it('ends a friend whose node is gone in v2 when unmapped runs end', async () => {
    flowId = await createFlow('node gone', replyFlow('gone', 'w', 'gone B1'))
    user = await waitingFriend('ender', flowId, 'gone A')
    await publish(flowId, replyFlow('gone', 'w2', 'gone B2'))

    const preview = await owner.get(`/api/flows/${flowId}/migration`)
    expect(preview.body.groups).toMatchObject([
      { fromVersion: 1, nodeId: 'w', inTarget: false, targetType: null, resumable: false },
    ])
    const res = await owner.post(`/api/flows/${flowId}/migration`, { toVersion: 2, unmapped: 'end' })
    expect(res.body).toMatchObject({ runs: 1, moved: 0, ended: 1 })

    const run = await waitForRun(user, flowId, { status: 'cancelled', endReason: 'migrated' })
    expect(run.version).toBe(1) // it never ran version 2
    const end = (await stepsOf(run.id)).at(-1)
    expect(end).toMatchObject({ event: 'run.end', nodeId: 'w' })
    expect(end?.data).toMatchObject({ reason: 'migrated', detail: { toVersion: 2, outcome: 'end' } })
  })

  it('starts a friend over after the trigger when unmapped runs restart', async () => {
    user = await waitingFriend('restarter', flowId, 'gone A') // enters version 2, waits at w2
    expect((await runOf(user, flowId)).version).toBe(2)
    await publish(flowId, replyFlow('again', 'w3', 'again B'))

    const res = await owner.post(`/api/flows/${flowId}/migration`, { toVersion: 3, unmapped: 'restart' })
    expect(res.body).toMatchObject({ runs: 1, restarted: 1 })
    await waitForText(user, 'again A') // version 3 from the start
    await waitForRun(user, flowId, { version: 3, status: 'waiting', currentNodeId: 'w3' })
    await stack.sim.sendText(user, 'はい')
    await waitForText(user, 'again B')
    const run = await waitForRun(user, flowId, { status: 'completed', version: 3 })
    const move = (await stepsOf(run.id)).find((s) => s.event === 'migrated')
    expect(move?.data).toMatchObject({ fromVersion: 2, fromNodeId: 'w2', outcome: 'restart', toNodeId: 'a' })
  })

  it('maps a waiting node explicitly to a renamed node', async () => {
    user = await waitingFriend('mapped', flowId, 'again A') // version 3, waits at w3
    await publish(flowId, replyFlow('mapped', 'w4', 'mapped B'))
    const res = await owner.post(`/api/flows/${flowId}/migration`, {
      toVersion: 4,
      mapping: { w3: 'w4' },
      unmapped: 'end',
    })
    expect(res.body).toMatchObject({ runs: 1, moved: 1, ended: 0 })
    await waitForRun(user, flowId, { version: 4, status: 'waiting', currentNodeId: 'w4' })
    await stack.sim.sendText(user, 'はい')
    await waitForText(user, 'mapped B')
    expect(await botTexts(user)).not.toContain('mapped A')
  })
})
