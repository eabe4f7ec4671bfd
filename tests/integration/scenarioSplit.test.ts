import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Worker } from '@temporalio/worker'
import { describe, expect, it, vi } from 'vitest'
import { workflowBundle } from '../../stack/worker'
import { scenarioWorkflowId } from '../../workflows/contracts/scenario'
import { e, flow, n, say } from '../flow/helpers'
import { publishFlow } from '../helpers/flows'
import type { TestStack } from '../helpers/stack'
import { useStack } from '../helpers/useStack'
import { encodeHistory, recordedHistoriesDir } from '../replay/recorded'

/**
 * A/B split on a real Temporal: each friend's path is drawn with Temporal's seeded randomness, recorded
 * in the run's trace, and the same on replay. With ENISHI_RECORD_HISTORIES=1 the histories are written
 * to tests/replay/histories/, which tests/replay/recorded.test.ts replays on every test run: an
 * interpreter change that would break runs already in flight fails there.
 */

let stack: TestStack
useStack((started) => (stack = started))

const abFlow = flow(
  [
    n('t', 'trigger.follow', { refollow: false }),
    n('s', 'split', {
      paths: [
        { id: 'a', label: 'A', weight: 1 },
        { id: 'b', label: 'B', weight: 1 },
      ],
    }),
    n('ma', 'message', say('A案です')),
    n('mb', 'message', say('B案です')),
    n('w', 'waitForEvent', { event: { kind: 'reply' }, timeout: { minutes: 1 } }),
    n('b', 'branch', { branches: [{ id: 'vip', label: '', when: { kind: 'tag', tagId: 'nope' } }] }),
    n('thanks', 'message', say('ご返信ありがとうございます')),
    n('goal', 'goal', { name: 'replied' }),
  ],
  [
    e('t', 's'),
    e('s', 'ma', 'a'),
    e('s', 'mb', 'b'),
    e('ma', 'w'),
    e('mb', 'w'),
    e('w', 'b', 'happened'),
    e('b', 'thanks', 'else'),
    e('b', 'thanks', 'vip', 'b-vip'),
    e('thanks', 'goal'),
  ],
)

describe('A/B split on Temporal', () => {
  it('draws each friend’s path once, traces it, and replays it the same', async () => {
    const flowId = await publishFlow(stack, 'A/B', abFlow)
    const users = await Promise.all(
      ['エー', 'ビー', 'シー', 'ディー'].map((name) => stack.sim.createUser(name)),
    )
    const texts = async (userId: string) =>
      (await stack.sim.chat(userId)).filter((m) => m.direction === 'bot').map((m) => m.message.text)
    for (const user of users) await stack.sim.follow(user.userId)
    for (const user of users) {
      await vi.waitFor(
        async () =>
          expect((await texts(user.userId)).some((t) => t === 'A案です' || t === 'B案です')).toBe(true),
        { timeout: 30_000, interval: 100 },
      )
      await stack.sim.sendText(user.userId, 'はい')
      await vi.waitFor(async () => expect(await texts(user.userId)).toContain('ご返信ありがとうございます'), {
        timeout: 30_000,
        interval: 100,
      })
    }
    for (const [i, user] of users.entries()) {
      const friend = await stack.prisma.friend.findUniqueOrThrow({
        where: { channelId_lineUserId: { channelId: stack.channel.id, lineUserId: user.userId } },
      })
      const run = await stack.prisma.scenarioRun.findFirstOrThrow({
        where: { flowId, friendId: friend.id },
        include: { steps: { orderBy: { id: 'asc' } } },
      })
      expect(run).toMatchObject({ status: 'completed', endReason: 'goal' })
      // Exactly one draw, and the friend got the message of the path drawn (and only that one).
      const draws = run.steps.filter((s) => s.event === 'split')
      expect(draws).toHaveLength(1)
      const port = (draws[0]!.data as { port: string }).port
      const bot = await texts(user.userId)
      expect(bot.filter((t) => t === 'A案です' || t === 'B案です')).toEqual([
        port === 'a' ? 'A案です' : 'B案です',
      ])

      const workflowId = scenarioWorkflowId(flowId, friend.id)
      await vi.waitFor(
        async () =>
          expect((await stack.temporal.workflow.getHandle(workflowId).describe()).status.name).toBe(
            'COMPLETED',
          ),
        { timeout: 10_000, interval: 100 },
      )
      const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory()
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, workflowId)
      if (process.env.ENISHI_RECORD_HISTORIES === '1') {
        await writeFile(
          path.join(recordedHistoriesDir, `scenario-split-${i + 1}.json`),
          JSON.stringify({ workflowId, history: encodeHistory(history) }, null, 1),
        )
      }
    }
  }, 120_000)
})
