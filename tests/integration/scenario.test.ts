import { Worker } from '@temporalio/worker'
import { describe, expect, it, vi } from 'vitest'
import type { FlowDefinition } from '../../flow/graph'
import { workflowBundle } from '../../stack/worker'
import { scenarioSignals, scenarioWorkflowId } from '../../workflows/contracts/scenario'
import { e, flow, n, say } from '../flow/helpers'
import { publishFlow } from '../helpers/flows'
import type { TestStack } from '../helpers/stack'
import { useStack } from '../helpers/useStack'

/**
 * Scenarios end to end: real Temporal dev server, PostgreSQL, LINE simulator, API and worker.
 * Flow durations have minute granularity (1 minute is the shortest wait), so the timeout path is
 * started first and checked last, while the other tests run.
 */

let stack: TestStack
let flowId: string
let tagId: string
let timeoutUser: string

const wait = { timeout: 30_000, interval: 100 }

function welcomeFlow(tag: string): FlowDefinition {
  return flow(
    [
      n('t', 'trigger.follow', { refollow: true }),
      n('m1', 'message', say('step 1')),
      n('w', 'waitForEvent', {
        event: { kind: 'reply', match: { mode: 'exact', value: 'はい' } },
        timeout: { minutes: 1 },
      }),
      n('notify', 'action.notifyStaff', { message: '「はい」と返信がありました', email: false }),
      n('tag', 'action.tags', { add: [tag], remove: [] }),
      n('b', 'branch', {
        branches: [{ id: 'yes', label: '', when: { kind: 'tag', tagId: tag, has: true } }],
      }),
      n('yes', 'message', say('ありがとうございます')),
      n('other', 'message', say('else')),
      n('no', 'message', say('また今度')),
    ],
    [
      e('t', 'm1'),
      e('m1', 'w'),
      e('w', 'notify', 'happened'),
      e('notify', 'tag'),
      e('w', 'no', 'timedOut'),
      e('tag', 'b'),
      e('b', 'yes', 'yes'),
      e('b', 'other', 'else'),
    ],
    { reentry: 'once' },
  )
}

/** Publishes straight in the database (version 1). */
const publish = (name: string, definition: FlowDefinition) => publishFlow(stack, name, definition)

async function botTexts(userId: string): Promise<string[]> {
  const chat = await stack.sim.chat(userId)
  return chat.filter((i) => i.direction === 'bot').map((i) => i.message.text ?? `[${i.message.type}]`)
}

async function waitForText(userId: string, text: string, timeout = 30_000) {
  await vi.waitFor(async () => expect(await botTexts(userId)).toContain(text), { timeout, interval: 100 })
}

async function friendOf(userId: string) {
  return stack.prisma.friend.findUniqueOrThrow({
    where: { channelId_lineUserId: { channelId: stack.channel.id, lineUserId: userId } },
  })
}

async function runOf(userId: string) {
  const friend = await friendOf(userId)
  return stack.prisma.scenarioRun.findFirstOrThrow({
    where: { friendId: friend.id, flowId },
    orderBy: { startedAt: 'desc' },
  })
}

async function followAndGetStep1(name: string): Promise<string> {
  const user = await stack.sim.createUser(name)
  await stack.sim.follow(user.userId)
  await waitForText(user.userId, 'step 1')
  await vi.waitFor(async () => expect((await runOf(user.userId)).status).toBe('waiting'), wait)
  return user.userId
}

useStack(async (started) => {
  stack = started
  const tag = await stack.prisma.tag.create({ data: { channelId: stack.channel.id, name: '興味あり' } })
  tagId = tag.id
  flowId = await publish('welcome', welcomeFlow(tagId))
  // The timeout path takes the shortest possible wait (one minute): start it now, check it last.
  timeoutUser = await followAndGetStep1('silent')
})

describe('scenario: follow → step 1 → wait for reply → branch', () => {
  let happyUser: string

  it('sends step 1 after the greeting, then the branch message for the reply「はい」', async () => {
    happyUser = await followAndGetStep1('happy')
    const texts = await botTexts(happyUser)
    expect(texts.indexOf('step 1')).toBeGreaterThan(0) // the greeting went first

    await stack.sim.sendText(happyUser, 'うーん') // not the awaited reply: still waiting
    await stack.sim.sendText(happyUser, 'はい')
    await waitForText(happyUser, 'ありがとうございます')
    expect(await botTexts(happyUser)).not.toContain('else')
    expect(await botTexts(happyUser)).not.toContain('また今度')

    await vi.waitFor(async () => expect((await runOf(happyUser)).status).toBe('completed'), wait)
    const run = await runOf(happyUser)
    expect(run).toMatchObject({ endReason: 'completed', currentNodeId: 'yes', version: 1 })
    expect(run.workflowId).toBe(scenarioWorkflowId(flowId, run.friendId))
    expect(run.endedAt).not.toBeNull()
    const friend = await friendOf(happyUser)
    expect(await stack.prisma.friendTag.count({ where: { friendId: friend.id, tagId } })).toBe(1)
    const notes = await stack.prisma.staffNotification.findMany({ where: { friendId: friend.id } })
    expect(notes.map((n) => n.message)).toEqual(['「はい」と返信がありました'])

    const steps = await stack.prisma.runStep.findMany({ where: { runId: run.id }, orderBy: { id: 'asc' } })
    const events = steps.map((s) => s.event)
    expect(events[0]).toBe('run.start')
    expect(events.at(-1)).toBe('run.end')
    expect(events).toContain('send')
    expect(events).toContain('event.received')
    const decision = steps.find((s) => s.event === 'decision')
    expect(decision?.nodeId).toBe('b')
    expect(decision?.data).toMatchObject({ port: 'yes' })
    // The scenario's sends are recorded with their origin.
    const sent = await stack.prisma.message.findMany({
      where: { friendId: friend.id, origin: { startsWith: 'scenario:' } },
    })
    expect(sent.map((m) => m.origin).sort()).toEqual([`scenario:${flowId}:m1`, `scenario:${flowId}:yes`])
  })

  it('runs once per friend: unblock + follow again does not restart it', async () => {
    await stack.sim.unfollow(happyUser)
    await stack.sim.follow(happyUser)
    await vi.waitFor(async () => {
      const texts = await botTexts(happyUser)
      expect(texts.filter((t) => t !== 'step 1' && t !== 'ありがとうございます').length).toBe(2) // two greetings
    }, wait)
    await new Promise((r) => setTimeout(r, 1500))
    expect((await botTexts(happyUser)).filter((t) => t === 'step 1')).toHaveLength(1)
    const friend = await friendOf(happyUser)
    expect(await stack.prisma.scenarioRun.count({ where: { friendId: friend.id, flowId } })).toBe(1)
  })

  it('replays the finished run’s history deterministically', async () => {
    const friend = await friendOf(happyUser)
    const workflowId = scenarioWorkflowId(flowId, friend.id)
    const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory()
    // With the real workflow ID: a run tells its own ID apart from the friend's other runs.
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId)
  })
})

describe('scenario: ending early', () => {
  it('ends with endReason blocked when the friend blocks while it waits', async () => {
    const user = await followAndGetStep1('blocker')
    await stack.sim.unfollow(user)
    await vi.waitFor(async () => expect((await runOf(user)).status).toBe('cancelled'), wait)
    expect(await runOf(user)).toMatchObject({ endReason: 'blocked' })
  })

  it('is cancelled by the staff stop signal to ScenarioRun.workflowId', async () => {
    const user = await followAndGetStep1('stopped')
    const run = await runOf(user)
    await stack.temporal.workflow.getHandle(run.workflowId).signal(scenarioSignals.stop, { detail: 'staff' })
    await vi.waitFor(async () => expect((await runOf(user)).status).toBe('cancelled'), wait)
    expect(await runOf(user)).toMatchObject({ endReason: 'stopped' })
    const progress = await stack.temporal.workflow.getHandle(run.workflowId).query('progress')
    expect(progress).toMatchObject({ status: 'cancelled' })
    expect(await botTexts(user)).not.toContain('また今度')
  })

  it('answers the progress query while waiting', async () => {
    const user = await followAndGetStep1('progress')
    const run = await runOf(user)
    const progress = await stack.temporal.workflow.getHandle(run.workflowId).query('progress')
    expect(progress).toMatchObject({ status: 'waiting', currentNodeId: 'w' })
    expect((progress as { nextFireAt: number }).nextFireAt).toBeGreaterThan(Date.now())
    await stack.sim.sendText(user, 'はい')
    await waitForText(user, 'ありがとうございます')
  })
})

describe('scenario: durability', () => {
  it('resumes after a worker restart during a wait and finishes', async () => {
    const user = await followAndGetStep1('restart')
    await stack.stopWorker()
    await stack.startWorker()
    await stack.sim.sendText(user, 'はい')
    await waitForText(user, 'ありがとうございます', 30_000)
    await vi.waitFor(async () => expect((await runOf(user)).status).toBe('completed'), wait)
  }, 60_000)

  it('takes the timeout path when no reply comes in time', async () => {
    await waitForText(timeoutUser, 'また今度', 90_000)
    await vi.waitFor(async () => expect((await runOf(timeoutUser)).status).toBe('completed'), wait)
    const run = await runOf(timeoutUser)
    expect(run).toMatchObject({ endReason: 'completed', currentNodeId: 'no' })
    const steps = await stack.prisma.runStep.findMany({ where: { runId: run.id } })
    expect(steps.map((s) => s.event)).toContain('event.timeout')
    expect(await botTexts(timeoutUser)).not.toContain('ありがとうございます')
  }, 100_000)
})
