import { beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '../../api/auth/password'
import type { FlowDefinition } from '../../flow/graph'
import { Browser as ApiSession } from '../api/harness'
import { e, flow, n, say } from '../flow/helpers'
import type { TestStack } from '../helpers/stack'
import { eventually, openBrowser, setUpOwnerInStudio, shot, useStudio, visit, type Browser } from './browser'

// A scenario's runs in a real browser against the whole product: the run view draws the run's own
// published version (not the draft), running friends are moved to the newest version from the runs
// page's dialog, a run is cancelled from its view, the scenario is paused and resumed, and scenarios
// are duplicated and archived from the list.

const owner = { name: '高橋 一郎', email: 'runs-owner@example.com', password: 'correct horse battery' }

let stack: TestStack
let browser: Browser
let studio: string
let session: ApiSession
let flowId: string

/** follow → A → wait for「はい」(one day) → B. */
function replyFlow(b: string, extra = false): FlowDefinition {
  return flow(
    [
      n('t', 'trigger.follow', { refollow: false }),
      n('a', 'message', say('A')),
      n('w', 'waitForEvent', {
        event: { kind: 'reply', match: { mode: 'exact', value: 'はい' } },
        timeout: { days: 1 },
      }),
      n('b', 'message', say(b)),
      ...(extra ? [n('extra', 'message', say('draft only'))] : []),
    ],
    [e('t', 'a'), e('a', 'w'), e('w', 'b', 'happened'), ...(extra ? [e('b', 'extra')] : [])],
  )
}

async function publish(draft: FlowDefinition): Promise<void> {
  expect((await session.put(`/api/flows/${flowId}/draft`, { draft })).status).toBe(200)
  expect((await session.post(`/api/flows/${flowId}/publish`)).status).toBe(200)
}

async function waitingFriend(name: string, version: number) {
  const user = await stack.sim.createUser(name)
  await stack.sim.follow(user.userId)
  await expect
    .poll(
      async () => {
        const friend = await stack.prisma.friend.findFirst({ where: { lineUserId: user.userId } })
        return friend && stack.prisma.scenarioRun.findFirst({ where: { friendId: friend.id, flowId } })
      },
      { timeout: 30_000, interval: 200 },
    )
    .toMatchObject({ status: 'waiting', version })
  const friend = await stack.prisma.friend.findFirstOrThrow({ where: { lineUserId: user.userId } })
  return stack.prisma.scenarioRun.findFirstOrThrow({ where: { friendId: friend.id, flowId } })
}

useStudio((e2e) => ({ stack, browser, studio } = e2e))

beforeAll(async () => {
  await setUpOwnerInStudio(browser.page, studio, owner)
  session = new ApiSession(stack.apiUrl)
  expect((await session.login(owner.email, owner.password)).status).toBe(200)
  flowId = (await session.post('/api/flows', { name: '版の移行' })).body.id
}, 120_000)

describe('scenario runs in the studio', () => {
  it(
    'draws a run’s own version and moves it to the newest from the runs page',
    { timeout: 180_000 },
    async () => {
      const { page } = browser
      await publish(replyFlow('B v1'))
      const run = await waitingFriend('移行さん', 1)
      await publish(replyFlow('B v2'))
      // An unpublished edit: no run follows it, so no run view may draw it.
      expect(
        (await session.put(`/api/flows/${flowId}/draft`, { draft: replyFlow('B v3', true) })).status,
      ).toBe(200)

      const runUrl = `${studio}/scenarios/${flowId}/runs/${run.id}`
      await visit(page, runUrl)
      expect(await page.getByTestId('run-version').textContent()).toBe('バージョン 1')
      const graph = page.getByTestId('run-graph')
      await graph.locator('[data-node-id="w"]').waitFor()
      expect(await graph.locator('[data-node-id="extra"]').count()).toBe(0)

      await visit(page, `${studio}/scenarios/${flowId}/runs`)
      expect(await page.getByTestId('version-row').count()).toBe(2)
      await page.getByTestId('migrate-open').click()
      const dialog = page.getByTestId('migrate-dialog')
      await dialog.getByTestId('migrate-row').waitFor()
      expect(await dialog.getByTestId('migrate-row').textContent()).toContain('w')
      expect(await dialog.getByTestId('migrate-target').inputValue()).toBe('w')
      await shot(page, 'migrate-dialog')
      await dialog.getByTestId('migrate-confirm').click()
      expect(await dialog.getByTestId('migrate-result').textContent()).toContain('1人に移行を指示しました')

      await visit(page, runUrl)
      await eventually(
        page,
        async () => (await page.getByTestId('run-version').textContent()) === 'バージョン 2',
        {
          what: 'the run on version 2',
        },
      )
      expect(await page.getByTestId('run-step').filter({ hasText: 'migrated' }).count()).toBe(1)
      await shot(page, 'run-view-migrated')
      const userId = await friendUserId(run.friendId)
      await stack.sim.sendText(userId, 'はい')
      await expect
        .poll(
          async () => (await stack.prisma.scenarioRun.findUniqueOrThrow({ where: { id: run.id } })).status,
          {
            timeout: 30_000,
          },
        )
        .toBe('completed')
      const texts = (await stack.sim.chat(userId)).map((i) => i.message.text)
      expect(texts).toContain('B v2')
      expect(texts).not.toContain('B v1')
    },
  )

  it('cancels a run from its view', { timeout: 120_000 }, async () => {
    const { page } = browser
    await publish(replyFlow('B v3', true)) // the extra node is now in version 3
    const run = await waitingFriend('中止さん', 3)
    await visit(page, `${studio}/scenarios/${flowId}/runs/${run.id}`)
    await page.getByTestId('run-graph').locator('[data-node-id="extra"]').waitFor()
    page.once('dialog', (d) => void d.accept())
    await page.getByTestId('run-cancel').click()
    await expect
      .poll(
        async () => (await stack.prisma.scenarioRun.findUniqueOrThrow({ where: { id: run.id } })).status,
        {
          timeout: 30_000,
        },
      )
      .toBe('cancelled')
    await eventually(page, async () => (await page.getByTestId('run-cancel').count()) === 0, {
      what: 'the cancel button to go',
    })
  })

  it('pauses and resumes the scenario from the editor', { timeout: 120_000 }, async () => {
    const { page } = browser
    const status = async () => (await session.get(`/api/flows/${flowId}`)).body.status
    await visit(page, `${studio}/scenarios/${flowId}`)
    await page.getByRole('button', { name: '一時停止' }).click()
    await expect.poll(status).toBe('paused')
    await page.getByRole('button', { name: '再開' }).click()
    await expect.poll(status).toBe('active')
  })

  it('duplicates and archives scenarios in the list', { timeout: 120_000 }, async () => {
    const { page } = browser
    await visit(page, `${studio}/scenarios`)
    const row = page.locator(`[data-testid="scenario-row"][data-flow-id="${flowId}"]`)
    await row.getByTestId('scenario-duplicate').click()
    await page.waitForURL((url) => url.pathname.startsWith('/scenarios/') && !url.pathname.includes(flowId))
    const copyId = page.url().split('/scenarios/')[1]!.split(/[/?#]/)[0]!
    const copy = (await session.get(`/api/flows/${copyId}`)).body
    expect(copy).toMatchObject({ name: '版の移行 のコピー', status: 'draft', latestVersion: 0 })

    await visit(page, `${studio}/scenarios`)
    const copyRow = page.locator(`[data-testid="scenario-row"][data-flow-id="${copyId}"]`)
    page.once('dialog', (d) => void d.accept())
    await copyRow.getByTestId('scenario-archive').click()
    await copyRow.waitFor({ state: 'detached' })
    expect((await session.get(`/api/flows/${copyId}`)).body.status).toBe('archived')
    expect(await page.locator(`[data-testid="scenario-row"][data-flow-id="${flowId}"]`).count()).toBe(1)
  })

  it(
    'stops the scenario from the runs page: paused, every run in progress ended',
    { timeout: 120_000 },
    async () => {
      const { page } = browser
      const run = await waitingFriend('停止さん', 3)
      await visit(page, `${studio}/scenarios/${flowId}/runs`)
      page.once('dialog', (d) => void d.accept())
      await page.getByTestId('flow-stop').click()
      await page.getByRole('status').filter({ hasText: '1人の配信を終了しました' }).waitFor()
      expect((await session.get(`/api/flows/${flowId}`)).body.status).toBe('paused')
      await expect
        .poll(
          async () => (await stack.prisma.scenarioRun.findUniqueOrThrow({ where: { id: run.id } })).endReason,
          {
            timeout: 30_000,
          },
        )
        .toBe('stopped')
    },
  )

  it(
    'shows a 一般 staff member the scenarios without the actions the API would refuse them',
    { timeout: 120_000 },
    async () => {
      const member = { email: 'runs-member@example.com', password: 'member password 1' }
      const passwordHash = await hashPassword(member.password)
      await stack.prisma.staff.create({
        data: { name: '一般 花子', email: member.email, role: 'member', passwordHash },
      })
      const other = await openBrowser()
      try {
        const { page } = other
        await visit(page, `${studio}/login`)
        await page.getByTestId('login-email').fill(member.email)
        await page.getByTestId('login-password').fill(member.password)
        await page.getByTestId('login-submit').click()
        await page.waitForURL(`${studio}/`)
        // The menu offers what /auth/state's abilities allow: scenarios yes, simulator and settings no.
        await page.getByTestId('nav-scenarios').waitFor()
        expect(await page.getByTestId('nav-simulator').count()).toBe(0)
        expect(await page.getByTestId('nav-greeting').count()).toBe(0)

        await visit(page, `${studio}/scenarios`)
        await page.getByTestId('scenario-row').first().waitFor()
        for (const action of ['scenario-new', 'scenario-duplicate', 'scenario-archive']) {
          expect(await page.getByTestId(action).count(), action).toBe(0)
        }

        await visit(page, `${studio}/scenarios/${flowId}`)
        await page.getByTestId('preview-toggle').waitFor()
        for (const action of ['publish', 'undo', 'runs-link']) {
          expect(await page.getByTestId(action).count(), action).toBe(0)
        }
        expect(await page.getByTestId('editor-name').getAttribute('readonly')).not.toBeNull()
      } finally {
        await other.close()
      }
    },
  )
})

async function friendUserId(friendId: string): Promise<string> {
  return (await stack.prisma.friend.findUniqueOrThrow({ where: { id: friendId } })).lineUserId
}
