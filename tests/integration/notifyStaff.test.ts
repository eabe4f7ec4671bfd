import { describe, expect, it, vi } from 'vitest'
import { e, flow, n, say } from '../flow/helpers'
import { publishFlow } from '../helpers/flows'
import type { TestStack } from '../helpers/stack'
import { useStack } from '../helpers/useStack'

// 「スタッフに通知」 for real: the scenario's notification lands in the studio's list and, with
// e-mail on, once in the owner's and admins' mailboxes (the local mail sink).

let stack: TestStack

useStack((started) => (stack = started))

describe('notify staff', () => {
  it('stores the notification and e-mails owners and admins once', async () => {
    await stack.prisma.staff.createMany({
      data: [
        { email: 'owner@shop.example', name: 'オーナー', passwordHash: 'x', role: 'owner' },
        { email: 'part-time@shop.example', name: 'バイト', passwordHash: 'x', role: 'member' },
      ],
    })
    const definition = flow(
      [
        n('t', 'trigger.follow', { refollow: true }),
        n('notify', 'action.notifyStaff', { message: '{name}さんが友だち追加しました', email: true }),
        n('m', 'message', say('ご登録ありがとうございます')),
      ],
      [e('t', 'notify'), e('notify', 'm')],
      { reentry: 'once' },
    )
    await publishFlow(stack, '通知テスト', definition)

    const user = await stack.sim.createUser('通知 次郎')
    await stack.sim.follow(user.userId)
    await vi.waitFor(
      async () => {
        const chat = await stack.sim.chat(user.userId)
        expect(chat.map((i) => i.message.text)).toContain('ご登録ありがとうございます')
      },
      { timeout: 30_000, interval: 100 },
    )

    const notifications = await stack.prisma.staffNotification.findMany()
    expect(notifications).toHaveLength(1)
    expect(notifications[0]).toMatchObject({ message: '通知 次郎さんが友だち追加しました', email: true })
    const mails = stack.mails()
    expect(mails).toHaveLength(1)
    expect(mails[0]?.to).toEqual(['owner@shop.example'])
    expect(mails[0]?.subject).toBe('[Enishi] 通知 次郎さんについての通知')
    expect(mails[0]?.messageId).toBe(`<${notifications[0]?.id}@notifications.enishi>`)
  })
})
