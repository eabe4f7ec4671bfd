import { describe, expect, it, vi } from 'vitest'
import type { FlowDefinition } from '../../flow/graph'
import { e, flow, n, say } from '../flow/helpers'
import { publishFlow } from '../helpers/flows'
import type { TestStack } from '../helpers/stack'
import { useStack } from '../helpers/useStack'

/** Keyword triggers (reply token), tags added by a scenario: tagAdded triggers and waiting runs. */

let stack: TestStack
const wait = { timeout: 30_000, interval: 100 }

/** Publishes straight in the database (version 1). */
const publish = (name: string, definition: FlowDefinition) => publishFlow(stack, name, definition)

async function botChat(userId: string) {
  return (await stack.sim.chat(userId)).filter((i) => i.direction === 'bot')
}

async function waitForText(userId: string, text: string) {
  await vi.waitFor(
    async () => expect((await botChat(userId)).map((i) => i.message.text)).toContain(text),
    wait,
  )
}

let keywordFlow: string
let tagFlow: string
let tagX: string
let tagY: string

useStack(async (started) => {
  stack = started
  const channelId = stack.channel.id
  tagX = (await stack.prisma.tag.create({ data: { channelId, name: 'X' } })).id
  tagY = (await stack.prisma.tag.create({ data: { channelId, name: 'Y' } })).id
  keywordFlow = await publish(
    'keyword',
    flow(
      [
        n('t', 'trigger.keyword', { mode: 'exact', value: '診断' }),
        n('m', 'message', say('キーワード受付')),
        n('tag', 'action.tags', { add: [tagX], remove: [] }),
      ],
      [e('t', 'm'), e('m', 'tag')],
      { reentry: 'allow' },
    ),
  )
  tagFlow = await publish(
    'tag X',
    flow(
      [
        n('t', 'trigger.tagAdded', { tagId: tagX }),
        n('m', 'message', say('タグのシナリオ')),
        n('w', 'waitForEvent', { event: { kind: 'tagAdded', tagId: tagY }, timeout: { minutes: 5 } }),
        n('done', 'message', say('Yが付きました')),
      ],
      [e('t', 'm'), e('m', 'w'), e('w', 'done', 'happened')],
    ),
  )
  await publish(
    'add Y',
    flow(
      [
        n('t', 'trigger.keyword', { mode: 'exact', value: 'Yを付ける' }),
        n('tag', 'action.tags', { add: [tagY], remove: [] }),
      ],
      [e('t', 'tag')],
      { reentry: 'allow' },
    ),
  )
})

describe('scenario triggers', () => {
  it('a keyword starts a run that answers by reply; its tag starts the tagAdded flow; another run’s tag wakes it', async () => {
    const user = (await stack.sim.createUser('keyword')).userId
    await stack.sim.follow(user)
    await vi.waitFor(async () => expect((await botChat(user)).length).toBe(1), wait) // the greeting

    await stack.sim.sendText(user, '診断')
    await waitForText(user, 'キーワード受付')
    const answer = (await botChat(user)).find((i) => i.message.text === 'キーワード受付')
    expect(answer?.via).toBe('reply')

    // The keyword run tagged X: the tagAdded flow started and now waits for tag Y.
    await waitForText(user, 'タグのシナリオ')
    const friend = await stack.prisma.friend.findFirstOrThrow({ where: { lineUserId: user } })
    await vi.waitFor(async () => {
      const run = await stack.prisma.scenarioRun.findFirstOrThrow({
        where: { friendId: friend.id, flowId: tagFlow },
      })
      expect(run.status).toBe('waiting')
      expect(run.trigger).toMatchObject({ kind: 'tagAdded', data: { tagId: tagX } })
    }, wait)

    // Another scenario adds Y: the waiting run hears it.
    await stack.sim.sendText(user, 'Yを付ける')
    await waitForText(user, 'Yが付きました')
    await vi.waitFor(async () => {
      const run = await stack.prisma.scenarioRun.findFirstOrThrow({
        where: { friendId: friend.id, flowId: tagFlow },
      })
      expect(run).toMatchObject({ status: 'completed', endReason: 'completed' })
    }, wait)
  })

  it('reentry allow: the keyword flow runs again once the previous run ended', async () => {
    const user = (await stack.sim.createUser('again')).userId
    await stack.sim.follow(user)
    await vi.waitFor(async () => expect((await botChat(user)).length).toBe(1), wait)
    await stack.sim.sendText(user, '診断')
    await waitForText(user, 'キーワード受付')
    const friend = await stack.prisma.friend.findFirstOrThrow({ where: { lineUserId: user } })
    await vi.waitFor(async () => {
      const runs = await stack.prisma.scenarioRun.findMany({
        where: { friendId: friend.id, flowId: keywordFlow },
      })
      expect(runs.map((r) => r.status)).toEqual(['completed'])
    }, wait)
    await stack.sim.sendText(user, '診断')
    await vi.waitFor(async () => {
      const texts = (await botChat(user)).map((i) => i.message.text)
      expect(texts.filter((t) => t === 'キーワード受付')).toHaveLength(2)
    }, wait)
    // The tagAdded flow is `once`: X was already added, so it did not start twice.
    expect(await stack.prisma.scenarioRun.count({ where: { friendId: friend.id, flowId: tagFlow } })).toBe(1)
  })

  it('a catastrophic pattern cannot stall the worker: after a 10,000-character message, another friend is greeted on time', async () => {
    // Both patterns take exponential time on 'aaa…!' in a backtracking engine.
    await publish(
      'keyword regex',
      flow(
        [n('t', 'trigger.keyword', { mode: 'regex', value: '^(a|aa)+$' }), n('m', 'message', say('aだけ'))],
        [e('t', 'm')],
        { reentry: 'allow' },
      ),
    )
    await publish(
      'reply regex',
      flow(
        [
          n('t', 'trigger.keyword', { mode: 'exact', value: '答えます' }),
          n('w', 'waitForEvent', {
            event: { kind: 'reply', match: { mode: 'regex', value: '^(\\w|\\d)+$' } },
            timeout: { minutes: 5 },
          }),
          n('m', 'message', say('英数字の答え')),
        ],
        [e('t', 'w'), e('w', 'm', 'happened')],
      ),
    )
    const attacker = (await stack.sim.createUser('attacker')).userId
    await stack.sim.follow(attacker)
    await vi.waitFor(async () => expect((await botChat(attacker)).length).toBe(1), wait)
    await stack.sim.sendText(attacker, '答えます')
    const friendOf = async (lineUserId: string) =>
      stack.prisma.friend.findFirstOrThrow({ where: { lineUserId } })
    await vi.waitFor(async () => {
      const run = await stack.prisma.scenarioRun.findFirst({
        where: { friendId: (await friendOf(attacker)).id, status: 'waiting' },
      })
      expect(run).not.toBeNull()
    }, wait)

    // Longer than the simulator lets a user type: sent as a raw webhook event.
    const { delivery } = await stack.sim.webhook([
      {
        type: 'message',
        source: { type: 'user', userId: attacker },
        message: { type: 'text', text: 'a'.repeat(9_999) + '!' },
      },
    ])
    expect(delivery.statusCode).toBe(200)
    const other = (await stack.sim.createUser('bystander')).userId
    await stack.sim.follow(other)
    await vi.waitFor(async () => expect((await botChat(other)).length).toBe(1), {
      timeout: 5_000,
      interval: 50,
    })

    // The waiting run was not wedged by the long message: a matching answer still wakes it.
    await stack.sim.sendText(attacker, 'abc123')
    await waitForText(attacker, '英数字の答え')
    expect((await botChat(attacker)).map((i) => i.message.text)).not.toContain('aだけ')
  })
})
