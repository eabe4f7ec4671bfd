import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { validateFlow, type FlowDefinition } from '../../flow/graph'
import { e, flow, n, say } from '../flow/helpers'
import { startStack, type TestStack } from '../helpers/stack'

/** Keyword triggers (reply token), tags added by a scenario: tagAdded triggers and waiting runs. */

let stack: TestStack
const wait = { timeout: 30_000, interval: 100 }

async function publish(name: string, definition: FlowDefinition): Promise<string> {
  expect(validateFlow(definition).errors).toEqual([])
  const row = await stack.prisma.flow.create({
    data: {
      channelId: stack.channel.id,
      name,
      status: 'active',
      draft: definition as object,
      latestVersion: 1,
      versions: { create: { version: 1, definition: definition as object } },
    },
  })
  return row.id
}

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

beforeAll(async () => {
  stack = await startStack({ temporalAddress: inject('temporalAddress') })
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
}, 120_000)
afterAll(() => stack?.stop())

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
})
