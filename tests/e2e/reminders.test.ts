import { describe, expect, it } from 'vitest'
import type { TestStack } from '../helpers/stack'
import { eventually, setUpOwnerInStudio, shot, useStudio, visit, type Browser } from './browser'

// The reminder editor in a real browser against the whole product: create a set bound to a date
// field, give it 「3日前 19:00」 and 「1時間前」 with the offset editor, get refused with the error
// inline, save, see the timings in the list, and start it for a friend by hand.

const owner = { name: '鈴木 一郎', email: 'reminder-owner@example.com', password: 'correct horse battery' }

let stack: TestStack
let browser: Browser
let studio: string
useStudio((e2e) => ({ stack, browser, studio } = e2e))

describe('reminder editor', () => {
  it(
    'creates a 「3日前 19:00」 + 「1時間前」 reminder and starts it for a friend',
    { timeout: 180_000 },
    async () => {
      await stack.prisma.friendField.create({
        data: { channelId: stack.channel.id, key: 'visit', name: '来店日', type: 'date' },
      })
      const user = await stack.sim.createUser('山田')
      await stack.sim.follow(user.userId)

      const { page } = browser
      await setUpOwnerInStudio(page, studio, owner)

      await page.getByTestId('nav-reminders').click()
      await page.waitForURL(`${studio}/reminders`)
      // Fresh loads from here: vite's dev server may reload a page the first time it meets its imports.
      await visit(page, `${studio}/reminders`)
      await page.getByTestId('empty-state').waitFor()
      const dialog = page.getByTestId('reminder-create-dialog')
      await expect
        .poll(async () => {
          if (!(await dialog.isVisible())) await page.getByTestId('reminder-new').click()
          return dialog.isVisible()
        })
        .toBe(true)
      await page.getByTestId('reminder-create-submit').click()
      expect(await dialog.textContent()).toContain('リマインダ名を入力してください')
      await page.getByTestId('reminder-name-input').fill('来店リマインド')
      expect(await page.getByTestId('reminder-source').inputValue()).not.toBe('') // the date field
      await page.getByTestId('reminder-create-submit').click()
      await page.waitForURL(/\/reminders\/[^/]+$/)
      const editorUrl = page.url()
      await visit(page, editorUrl)

      // The first timing: 1日前 19:00 by default; make it 3日前.
      const steps = page.getByTestId('reminder-step')
      await steps.first().getByTestId('offset-label').waitFor()
      expect(await steps.first().getByTestId('offset-label').textContent()).toBe('1日前 19:00')
      await steps.first().getByTestId('offset-amount').fill('3')
      expect(await steps.first().getByTestId('offset-label').textContent()).toBe('3日前 19:00')

      // A second timing, 1 hour before: hours take no time of day.
      await page.getByTestId('reminder-step-add').click()
      await expect.poll(() => steps.count()).toBe(2)
      const second = steps.nth(1)
      await second.getByTestId('offset-unit').selectOption('hours')
      expect(await second.getByTestId('offset-at').count()).toBe(0)
      expect(await second.getByTestId('offset-label').textContent()).toBe('1時間前')
      await second.getByTestId('message-text-0').fill('{name}さん、まもなくご予約のお時間です')

      // An empty message is refused inline, before anything is sent.
      await steps.first().getByTestId('message-text-0').fill('')
      await page.getByTestId('reminder-save').click()
      await page.getByTestId('reminder-form-error').waitFor()
      expect(await steps.first().locator('.field-error').count()).toBeGreaterThan(0)
      await steps.first().getByTestId('message-text-0').fill('{name}さん、3日後はご来店日です')
      await page.getByTestId('reminder-save').click()
      await page.getByRole('status').filter({ hasText: '保存しました' }).waitFor()
      await shot(page, 'reminder-editor')

      // Saved in firing order; the list shows the timings.
      await visit(page, editorUrl)
      expect(await page.getByTestId('offset-label').allTextContents()).toEqual(['3日前 19:00', '1時間前'])
      await visit(page, `${studio}/reminders`)
      const row = page.getByTestId('reminder-row')
      expect(await row.count()).toBe(1)
      expect(await row.textContent()).toContain('3日前 19:00')
      expect(await row.textContent()).toContain('友だち情報「来店日」')

      // Start it by hand for the friend, a week ahead: the runs table shows it scheduled.
      await visit(page, editorUrl)
      const friend = await stack.prisma.friend.findFirstOrThrow({ where: { lineUserId: user.userId } })
      // The picker searches on the server: a name that matches nobody empties it, the friend's finds them.
      const picker = page.getByTestId('reminder-start-friend')
      await page.getByTestId('reminder-start-friend-search').fill('該当なしの名前')
      await eventually(page, async () => (await picker.locator('option').count()) === 1, {
        what: 'an empty friend list',
        reload: false,
      })
      await page.getByTestId('reminder-start-friend-search').fill('山田')
      await eventually(
        page,
        async () => (await picker.locator(`option[value="${friend.id}"]`).count()) === 1,
        {
          what: 'the friend found by name',
        },
      )
      await picker.selectOption(friend.id)
      await page.getByTestId('reminder-start-at').fill('2030-01-10T15:00')
      await page.getByTestId('reminder-start-submit').click()
      await eventually(page, async () => (await page.getByTestId('reminder-run-row').count()) === 1, {
        what: 'the run row',
      })
      expect(await page.getByTestId('reminder-run-row').textContent()).toContain('予約中')
      const run = await stack.prisma.reminderRun.findFirstOrThrow({ where: { friendId: friend.id } })
      expect(run.target?.toISOString()).toBe('2030-01-10T06:00:00.000Z') // 15:00 in Tokyo
      await shot(page, 'reminder-runs')
    },
  )
})
