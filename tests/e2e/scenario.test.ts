import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startStack, type TestStack } from '../helpers/stack'
import { eventually, openBrowser, shot, visit, type Browser } from './browser'

// The scenario editor in a real browser against the whole product: create a scenario, build
// follow → message on the canvas with the mouse, see it autosave, get refused with the issues
// pinned on the nodes, fix it and publish.

const owner = { name: '佐藤 花子', email: 'scenario-owner@example.com', password: 'correct horse battery' }

let stack: TestStack
let browser: Browser
let studio: string
let editorUrl: string

beforeAll(async () => {
  stack = await startStack({ temporalAddress: inject('temporalAddress'), studio: true })
  studio = stack.studioUrl!
  browser = await openBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await stack?.stop()
}, 60_000)

const nodeOf = (page: Page, type: string) =>
  page.locator(`[data-testid="flow-node"][data-node-type="${type}"]`)

/** Drags from one handle to another with the mouse, as a person connects two nodes. */
async function connect(page: Page, from: string, to: string): Promise<void> {
  const a = await page.locator(from).boundingBox()
  const b = await page.locator(to).boundingBox()
  if (!a || !b) throw new Error('handle not visible')
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 })
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 })
  await page.mouse.up()
}

describe('scenario editor', () => {
  it(
    'creates, edits, autosaves and publishes a follow → message scenario',
    { timeout: 180_000 },
    async () => {
      const { page } = browser
      await visit(page, `${studio}/setup`)
      await page.getByTestId('setup-name').fill(owner.name)
      await page.getByTestId('setup-email').fill(owner.email)
      await page.getByTestId('setup-password').fill(owner.password)
      await page.getByTestId('setup-submit').click()
      await page.waitForURL(`${studio}/`)

      // The list starts empty and offers to create one.
      await page.getByTestId('nav-scenarios').click()
      await page.waitForURL(`${studio}/scenarios`)
      await page.getByTestId('empty-state').waitFor()
      await page.getByTestId('scenario-new').click()
      await page.getByTestId('scenario-create-submit').click()
      expect(await page.getByTestId('scenario-create-dialog').textContent()).toContain(
        'シナリオ名を入力してください',
      )
      await page.getByTestId('scenario-name-input').fill('友だち追加ステップ')
      await page.getByTestId('scenario-create-submit').click()
      await page.waitForURL(/\/scenarios\/[^/]+$/)
      editorUrl = page.url()

      // A new scenario starts with its follow trigger; the palette drops a message onto the canvas.
      await nodeOf(page, 'trigger.follow').waitFor()
      const canvas = page.getByTestId('canvas')
      const box = (await canvas.boundingBox())!
      await page.getByTestId('palette-message').dragTo(canvas, {
        targetPosition: { x: box.width * 0.78, y: box.height * 0.62 },
      })
      await nodeOf(page, 'message').waitFor()
      expect(await page.getByTestId('flow-node').count()).toBe(2)

      // The dropped node is selected: its inspector comes from the node spec.
      const text = page.getByTestId('message-text-0')
      await text.fill('ようこそ！{name}さん、3日後にクーポンをお届けします')
      expect(await nodeOf(page, 'message').getByTestId('node-preview').textContent()).toContain('ようこそ！')
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor()

      // Not connected yet: publishing is refused and the issue is pinned on the trigger.
      await page.getByTestId('publish').click()
      await page.getByTestId('issues').waitFor()
      expect(await page.getByTestId('issue').count()).toBeGreaterThan(0)
      await page.locator('[data-testid="flow-node"][data-node-type="trigger.follow"].has-issue').waitFor()
      await shot(page, 'scenario-issues')

      await connect(
        page,
        '[data-node-type="trigger.follow"] .svelte-flow__handle.source',
        '[data-node-type="message"] .svelte-flow__handle.target',
      )
      await page.locator('.svelte-flow__edge').first().waitFor()
      // The issues follow the edit: connected, nothing left to fix.
      await page.getByTestId('issues').waitFor({ state: 'detached' })
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor()

      // Saved for real: a fresh load shows the same graph.
      await visit(page, editorUrl)
      await nodeOf(page, 'message').waitFor()
      expect(await nodeOf(page, 'message').getByTestId('node-preview').textContent()).toContain('ようこそ！')
      expect(await page.locator('.svelte-flow__edge').count()).toBe(1)

      await page.getByTestId('publish').click()
      const notice = page.getByTestId('publish-notice')
      await notice.waitFor()
      expect(await notice.textContent()).toContain('バージョン1')
      expect(await page.getByTestId('flow-status').textContent()).toBe('配信中')
      await shot(page, 'scenario-editor')

      // Click-to-add and undo from the keyboard.
      await page.getByTestId('palette-end').click()
      await nodeOf(page, 'end').waitFor()
      await page.waitForTimeout(500)
      await page.locator('.svelte-flow__pane').click({ position: { x: 20, y: 20 } })
      await page.keyboard.press('Control+z')
      await nodeOf(page, 'end').waitFor({ state: 'detached' })
      await page.keyboard.press('Control+Shift+z')
      await nodeOf(page, 'end').waitFor()
      // …and away again (an unconnected end node would stop the preview below).
      await page.keyboard.press('Control+z')
      await nodeOf(page, 'end').waitFor({ state: 'detached' })
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor()

      // Any node type's inspector comes from its spec: a wait's duration, worded on the card.
      await page.getByTestId('palette-wait').click()
      await page.getByTestId('duration-days').fill('3')
      await nodeOf(page, 'wait').getByTestId('node-summary').filter({ hasText: '3日' }).waitFor()
      await page.getByTestId('node-delete').click()
      await nodeOf(page, 'wait').waitFor({ state: 'detached' })

      // Copy and paste the selected message node; undo takes the copy away.
      await nodeOf(page, 'message').first().click()
      await page.keyboard.press('Control+c')
      await page.keyboard.press('Control+v')
      await expect.poll(() => nodeOf(page, 'message').count()).toBe(2)
      await page.waitForTimeout(500)
      await page.keyboard.press('Control+z')
      await expect.poll(() => nodeOf(page, 'message').count()).toBe(1)
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor()

      // The list shows it, published.
      await visit(page, `${studio}/scenarios`)
      const row = page.getByTestId('scenario-row').first()
      expect(await row.getByTestId('scenario-name').textContent()).toBe('友だち追加ステップ')
      expect(await row.getByTestId('flow-status').textContent()).toBe('配信中')
      await shot(page, 'scenarios')
    },
  )

  it(
    'previews the sends in simulated time, then shows a real friend’s run on the graph',
    { timeout: 120_000 },
    async () => {
      const { page } = browser
      await visit(page, editorUrl)
      await page.getByTestId('preview-toggle').click()
      await page.getByTestId('preview-run').click()
      const bubble = page.getByTestId('preview-bubble').first()
      await bubble.waitFor()
      expect(await bubble.textContent()).toContain('ようこそ！')
      expect(await page.getByTestId('preview-chat').textContent()).toContain('当日')
      await shot(page, 'scenario-preview')

      // A friend follows in the LINE simulator: the published scenario runs for them.
      const user = await stack.sim.createUser('シナリオ 太郎')
      await stack.sim.follow(user.userId)
      await page.getByTestId('runs-link').click()
      await page.waitForURL(/\/runs$/)
      await eventually(page, async () => (await page.getByTestId('run-row').count()) > 0, {
        timeoutMs: 30_000,
        what: 'the run of the followed friend',
      })
      await shot(page, 'scenario-runs')
      await page.getByTestId('run-row').first().getByRole('link').click()
      await page.getByTestId('run-graph').waitFor()
      expect(await page.getByTestId('run-step').count()).toBeGreaterThan(0)
      await page.locator('[data-testid="flow-node"].visited').first().waitFor()
      await shot(page, 'scenario-run')
    },
  )
})
