import { Worker } from '@temporalio/worker'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { FlowDefinition } from '../../flow/graph'
import { workflowBundle } from '../../stack/worker'
import {
  reminderScheduleQuery,
  reminderSignals,
  reminderWorkflowId,
  type ReminderSchedule,
} from '../../workflows/contracts/reminder'
import { setUpOwner, type Browser } from '../api/harness'
import { at, e, flow, n } from '../flow/helpers'
import { publishFlow } from '../helpers/flows'
import type { TestStack } from '../helpers/stack'
import { useStack } from '../helpers/useStack'

/**
 * Reminders end to end: real Temporal dev server, PostgreSQL, LINE simulator, API and worker.
 * Offsets have minute granularity, so a target just over a minute ahead makes 「1分前」 fire within
 * seconds; the other steps lie far enough ahead that no test waits for them.
 */

let stack: TestStack
let owner: Browser
const wait = { timeout: 20_000, interval: 100 }

const text = (t: string) => ({ type: 'text' as const, text: t })
const step = (id: string, offset: object, message: string) => ({ id, offset, messages: [text(message)] })

async function botTexts(userId: string): Promise<string[]> {
  const chat = await stack.sim.chat(userId)
  return chat.filter((i) => i.direction === 'bot').map((i) => i.message.text ?? `[${i.message.type}]`)
}

async function follower(name: string) {
  const user = await stack.sim.createUser(name)
  await stack.sim.follow(user.userId)
  return vi.waitFor(
    () =>
      stack.prisma.friend.findUniqueOrThrow({
        where: { channelId_lineUserId: { channelId: stack.channel.id, lineUserId: user.userId } },
      }),
    wait,
  )
}

async function createSet(body: object): Promise<string> {
  const res = await owner.post('/api/reminders', body)
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.id
}

/** Publishes straight in the database (version 1). */
const publish = (name: string, definition: FlowDefinition) => publishFlow(stack, name, definition)

const latestRun = (setId: string, friendId: string) =>
  stack.prisma.reminderRun.findFirstOrThrow({ where: { setId, friendId }, orderBy: { startedAt: 'desc' } })

const schedule = (workflowId: string) =>
  stack.temporal.workflow.getHandle(workflowId).query<ReminderSchedule>(reminderScheduleQuery)

useStack(async (started) => {
  stack = started
  owner = await setUpOwner(stack.apiUrl)
})

describe('reminder: a target given at start', () => {
  let setId: string

  beforeAll(async () => {
    setId = await createSet({
      name: '来店リマインド',
      target: { kind: 'start' },
      steps: [
        step(
          'after',
          { amount: 10, unit: 'minutes', direction: 'after' },
          '{name}さん、ご来店ありがとうございました',
        ),
        step('soon', { amount: 1, unit: 'minutes', direction: 'before' }, '{name}さん、まもなくです'),
        step('early', { amount: 5, unit: 'minutes', direction: 'before' }, '5分前です'),
      ],
    })
  })

  it('sends a step at its offset, reschedules on retarget without resending, and ends when cleared', async () => {
    const friend = await follower('予約者')
    // 「1分前」 is about 5 s ahead: margin for a slow first workflow task (a later one would skip it).
    const target = Date.now() + 65_000
    const started = await owner.post(`/api/reminders/${setId}/runs`, { friendId: friend.id, target })
    expect(started.status).toBe(202)
    const workflowId = reminderWorkflowId(setId, friend.id)
    expect(started.body).toEqual({ workflowId })

    // 「5分前」 was already past when the target was set: skipped.
    const first = await schedule(workflowId)
    expect(first.skipped).toEqual(['early'])
    expect(first.upcoming.map((s) => [s.stepId, s.at])).toEqual(
      first.sent.length
        ? [['after', target + 600_000]]
        : [
            ['soon', target - 60_000],
            ['after', target + 600_000],
          ],
    )
    await vi.waitFor(
      async () => expect(await botTexts(friend.lineUserId)).toContain('予約者さん、まもなくです'),
      wait,
    )
    await vi.waitFor(async () => expect((await latestRun(setId, friend.id)).sentSteps).toHaveLength(1), wait)
    const run = await latestRun(setId, friend.id)
    expect(run).toMatchObject({
      status: 'scheduled',
      workflowId,
      skippedSteps: ['early'],
      origin: expect.stringMatching(/^staff:/),
    })
    expect(run.nextFireAt?.getTime()).toBe(target + 600_000)
    const history = await stack.prisma.message.findMany({
      where: { friendId: friend.id, origin: { startsWith: 'reminder:' } },
    })
    expect(history.map((m) => m.origin)).toEqual([`reminder:${setId}:soon`])

    // Retarget through the API (signal-with-start finds the running reminder): two hours later.
    const later = Date.now() + 2 * 3_600_000
    expect(
      (await owner.post(`/api/reminders/${setId}/runs`, { friendId: friend.id, target: later })).status,
    ).toBe(202)
    await vi.waitFor(async () => {
      const moved = await schedule(workflowId)
      expect(moved.target).toBe(later)
      // The skipped step is in the future again; the sent one is never planned again.
      expect(moved.upcoming.map((s) => [s.stepId, s.at])).toEqual([
        ['early', later - 300_000],
        ['after', later + 600_000],
      ])
      expect(moved.sent).toEqual(['soon'])
      expect(moved.skipped).toEqual([])
    }, wait)
    // And straight through the signal: one day later.
    const handle = stack.temporal.workflow.getHandle(workflowId)
    await handle.signal(reminderSignals.retarget, { target: later + 86_400_000 })
    await vi.waitFor(
      async () => expect((await schedule(workflowId)).upcoming[0]?.at).toBe(later + 86_400_000 - 300_000),
      wait,
    )
    await vi.waitFor(
      async () => expect((await latestRun(setId, friend.id)).target?.getTime()).toBe(later + 86_400_000),
      wait,
    )
    expect(await stack.prisma.reminderRun.count({ where: { setId, friendId: friend.id } })).toBe(1)

    // Clearing the target ends the run; nothing more is sent.
    const sentBefore = (await botTexts(friend.lineUserId)).length
    await handle.signal(reminderSignals.retarget, { target: null })
    await vi.waitFor(async () => expect((await latestRun(setId, friend.id)).status).toBe('cancelled'), wait)
    expect(await latestRun(setId, friend.id)).toMatchObject({ endReason: 'cleared', nextFireAt: null })
    expect(await handle.result()).toEqual({ status: 'cancelled', endReason: 'cleared', sent: ['soon'] })
    expect((await botTexts(friend.lineUserId)).length).toBe(sentBefore)

    // The closed run's history replays deterministically.
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle() },
      await handle.fetchHistory(),
      workflowId,
    )
  })

  it('stops without sending when the friend has blocked the account', async () => {
    const friend = await follower('ブロック')
    // The next step is an hour away: only the unfollow's signal can end the run within the wait.
    const target = Date.now() + 3_600_000
    expect((await owner.post(`/api/reminders/${setId}/runs`, { friendId: friend.id, target })).status).toBe(
      202,
    )
    await stack.sim.unfollow(friend.lineUserId)
    await vi.waitFor(async () => expect((await latestRun(setId, friend.id)).status).toBe('cancelled'), wait)
    expect(await latestRun(setId, friend.id)).toMatchObject({ endReason: 'blocked', sentSteps: [] })
    expect(await botTexts(friend.lineUserId)).not.toContain('ブロックさん、まもなくです')
  })

  it('is cancelled by staff through the API, audited', async () => {
    const friend = await follower('キャンセル')
    const target = Date.now() + 3 * 3_600_000
    await owner.post(`/api/reminders/${setId}/runs`, { friendId: friend.id, target })
    const run = await vi.waitFor(() => latestRun(setId, friend.id), wait)
    const res = await owner.post(`/api/reminders/${setId}/runs/${run.id}/cancel`)
    expect(res.status).toBe(202)
    await vi.waitFor(async () => expect((await latestRun(setId, friend.id)).status).toBe('cancelled'), wait)
    expect(await latestRun(setId, friend.id)).toMatchObject({ endReason: 'stopped' })
    const log = await stack.prisma.auditLog.findMany({ where: { target: `reminderRun:${run.id}` } })
    expect(log.map((l) => l.action)).toEqual(['reminder.run.cancel'])
  })
})

describe('reminder: a friend date field', () => {
  it('starts when a scenario sets the field and ends when it clears it', async () => {
    const field = await stack.prisma.friendField.create({
      data: { channelId: stack.channel.id, key: 'reserve', name: '予約日時', type: 'datetime' },
    })
    const setId = await createSet({
      name: '予約リマインド',
      target: { kind: 'field', fieldId: field.id },
      steps: [
        step('eve', { amount: 1, unit: 'days', direction: 'before', at: '19:00' }, '明日はご予約日です'),
        step('hour', { amount: 1, unit: 'hours', direction: 'before' }, 'まもなくご予約の時間です'),
      ],
    })
    await publish(
      'reserve',
      flow(
        [
          n('t', 'trigger.keyword', { mode: 'exact', value: '予約' }),
          n('set', 'action.fields', { changes: [{ key: 'reserve', op: 'set', value: '2030-01-10 15:00' }] }),
        ],
        [e('t', 'set')],
      ),
    )
    await publish(
      'cancel',
      flow(
        [
          n('t', 'trigger.keyword', { mode: 'exact', value: '予約取消' }),
          n('clear', 'action.fields', { changes: [{ key: 'reserve', op: 'clear' }] }),
        ],
        [e('t', 'clear')],
      ),
    )
    const friend = await follower('予約フィールド')
    await stack.sim.sendText(friend.lineUserId, '予約')
    const run = await vi.waitFor(() => latestRun(setId, friend.id), wait)
    const target = at('2030-01-10 15:00')
    expect(run).toMatchObject({
      workflowId: reminderWorkflowId(setId, friend.id),
      origin: `field:${field.id}`,
    })
    expect(run.target?.getTime()).toBe(target)
    const planned = await schedule(run.workflowId)
    expect(planned.upcoming.map((s) => [s.stepId, s.at])).toEqual([
      ['eve', at('2030-01-09 19:00')],
      ['hour', at('2030-01-10 14:00')],
    ])

    await stack.sim.sendText(friend.lineUserId, '予約取消')
    await vi.waitFor(async () => expect((await latestRun(setId, friend.id)).status).toBe('cancelled'), wait)
    expect(await latestRun(setId, friend.id)).toMatchObject({ endReason: 'cleared', sentSteps: [] })
  })
})
