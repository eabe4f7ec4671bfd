import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { TestStack } from '../helpers/stack'
import { eventually, setUpOwnerInStudio, shot, useStudio, visit, type Browser } from './browser'

// The scenario editor in a real browser against the whole product: create a scenario, build
// follow → message on the canvas with the mouse, see it autosave, get refused with the issues
// pinned on the nodes, fix it and publish. Then the issue's whole journey: draw a branching flow
// with the inspector's editors (quick replies, wait for a postback, a condition tree), publish it,
// follow in the LINE simulator, answer, get the chosen branch's message and see the decision in the
// run view.

const owner = { name: '佐藤 花子', email: 'scenario-owner@example.com', password: 'correct horse battery' }

let stack: TestStack
let browser: Browser
let studio: string
let editorUrl: string
useStudio((e2e) => ({ stack, browser, studio } = e2e))

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

/** The ID of the node selected on the canvas (a node dropped from the palette is selected). */
async function selectedNodeId(page: Page): Promise<string> {
  const id = await page
    .locator('.svelte-flow__node.selected [data-testid="flow-node"]')
    .getAttribute('data-node-id')
  if (!id) throw new Error('no selected node')
  return id
}

const handle = (nodeId: string, kind: 'source' | 'target', port?: string) =>
  `[data-node-id="${nodeId}"] .svelte-flow__handle.${kind}${port ? `[data-handleid="${port}"]` : ''}`

/** Drags a palette entry onto the canvas at a point given as fractions of the canvas. */
async function drop(page: Page, type: string, x: number, y: number): Promise<string> {
  const canvas = page.getByTestId('canvas')
  const box = (await canvas.boundingBox())!
  const before = await page.getByTestId('flow-node').count()
  await page.getByTestId(`palette-${type}`).dragTo(canvas, {
    targetPosition: { x: box.width * x, y: box.height * y },
  })
  await expect.poll(() => page.getByTestId('flow-node').count()).toBe(before + 1)
  return selectedNodeId(page)
}

/** The bot's texts in the simulator's chat with a user. */
async function botTexts(userId: string): Promise<string[]> {
  return (await stack.sim.chat(userId))
    .filter((i) => i.direction === 'bot' && i.message.type === 'text')
    .map((i) => i.message.text ?? '')
}

describe('scenario editor', () => {
  it(
    'creates, edits, autosaves and publishes a follow → message scenario',
    { timeout: 180_000 },
    async () => {
      const { page } = browser
      await setUpOwnerInStudio(page, studio, owner)

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
      // The editor (xyflow's inline styles, drag and drop) works under the studio's CSP.
      expect(browser.cspViolations).toEqual([])
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

  it(
    'draws a branching survey with the inspector editors, and a friend who answers takes their branch',
    { timeout: 240_000 },
    async () => {
      const { page } = browser
      await visit(page, `${studio}/scenarios`)
      await page.getByTestId('scenario-new').click()
      await page.getByTestId('scenario-name-input').fill('イベント参加アンケート')
      await page.getByTestId('scenario-create-submit').click()
      await page.waitForURL(/\/scenarios\/[^/]+$/)
      const surveyUrl = page.url()
      await nodeOf(page, 'trigger.follow').waitFor()
      const trigger = (await nodeOf(page, 'trigger.follow').getAttribute('data-node-id'))!

      // An A/B split's paths show each weight's share; its ports follow the rows. (Removed again.)
      await page.getByTestId('palette-split').click()
      const shares = page.getByTestId('path-share')
      expect(await shares.allTextContents()).toEqual(['50%', '50%'])
      await page.getByTestId('path-weight').first().fill('150')
      expect(await shares.allTextContents()).toEqual(['75%', '25%'])
      await page.getByTestId('path-add').click()
      await expect.poll(() => nodeOf(page, 'split').locator('.svelte-flow__handle.source').count()).toBe(3)
      expect(await shares.allTextContents()).toEqual(['60%', '20%', '20%'])
      await page.getByTestId('path-weight').last().fill('0')
      expect(await page.getByTestId('field-paths').getByText('0より大き').count()).toBe(1)
      await page.getByTestId('node-delete').click()
      await nodeOf(page, 'split').waitFor({ state: 'detached' })

      // Room for six steps: zoom out, and move the trigger to the top left corner by dragging it.
      for (let i = 0; i < 3; i++) await page.locator('.svelte-flow__controls-zoomout').click()
      const canvasBox = (await page.getByTestId('canvas').boundingBox())!
      const head = (await nodeOf(page, 'trigger.follow').locator('.head').boundingBox())!
      await page.mouse.move(head.x + head.width / 2, head.y + head.height / 2)
      await page.mouse.down()
      await page.mouse.move(canvasBox.x + canvasBox.width * 0.15, canvasBox.y + canvasBox.height * 0.12, {
        steps: 8,
      })
      await page.mouse.up()

      // Step 1: the question, with two quick-reply buttons that send postbacks.
      const ask = await drop(page, 'message', 0.5, 0.12)
      await page.getByTestId('message-text-0').fill('{name}さん、来週のイベントに参加しますか？')
      const qrCount = page.getByTestId('qr-count')
      expect(await qrCount.textContent()).toContain('0 / 13')
      for (const [label, data] of [
        ['はい', 'answer=yes'],
        ['いいえ', 'answer=no'],
      ]) {
        await page.getByTestId('qr-add').click()
        const item = page.getByTestId('qr-item').last()
        await item.getByTestId('qr-label').fill(label!)
        await item.getByTestId('qr-type').selectOption('postback')
        await item.getByTestId('qr-data').fill(data!)
        expect(await item.getByTestId('qr-display').inputValue()).toBe(label)
      }
      expect(await qrCount.textContent()).toContain('2 / 13')
      expect(await page.getByTestId('qr-error').count()).toBe(0)
      expect(await nodeOf(page, 'message').getByTestId('node-quick-replies').textContent()).toContain(
        'いいえ',
      )
      // The message type select gives an image editor with https checked inline; back to text after.
      await page.getByTestId('message-add').click()
      await page.getByTestId('message-type-1').selectOption('image')
      await page.getByTestId('image-original').fill('http://example.com/a.png')
      expect(await page.getByTestId('image-error').textContent()).toContain('https://')
      await page.getByTestId('message-remove-1').click()
      await shot(page, 'scenario-quick-replies')
      await connect(page, handle(trigger, 'source'), handle(ask, 'target'))

      // Step 2: wait for the answer (a postback starting with answer=).
      const wait = await drop(page, 'waitForEvent', 0.8, 0.12)
      // A reply can be matched by a regular expression, checked as it is typed.
      const match = page.getByTestId('field-event.match')
      await match.getByTestId('match-mode').selectOption('regex')
      await match.getByTestId('match-value').fill('(?=a)')
      expect(await match.getByTestId('match-regex').textContent()).toContain('先読み')
      await match.getByTestId('match-value').fill('^(はい|yes)$')
      expect(await match.getByTestId('match-regex').textContent()).toContain('正しく読めます')
      await page.getByTestId('field-event.kind').locator('select').selectOption({ label: 'ポストバック' })
      // The reply's text match does not linger as an invalid postback match.
      expect(await match.getByTestId('field-error').count()).toBe(0)
      await page.getByTestId('field-event.data').locator('input').fill('answer=')
      await page.getByTestId('field-event.match').getByLabel('前方一致').check()
      await connect(page, handle(ask, 'source', 'next'), handle(wait, 'target'))

      // Step 3: branch on the answer with the condition editor; ports follow the branches.
      const branch = await drop(page, 'branch', 0.2, 0.45)
      const first = page.getByTestId('branch').first()
      await first.getByTestId('branch-label').fill('参加する')
      await first.getByTestId('cond-kind').selectOption('postback')
      await first.getByTestId('cond-error').waitFor()
      await first.getByTestId('cond-data').fill('answer=yes')
      await first.getByTestId('cond-error').waitFor({ state: 'detached' })
      const ports = nodeOf(page, 'branch').locator('.svelte-flow__handle.source')
      await expect.poll(() => ports.count()).toBe(2)
      await page.getByTestId('branch-add').click()
      await expect.poll(() => ports.count()).toBe(3)
      // An AND group inside the new branch, then the whole branch goes again.
      const second = page.getByTestId('branch').nth(1)
      await second.getByTestId('cond-add').click()
      expect(await second.getByTestId('cond-leaf').count()).toBe(2)
      await shot(page, 'scenario-branches')
      await second.getByTestId('branch-remove').click()
      await expect.poll(() => ports.count()).toBe(2)
      expect(await page.getByTestId('branch-else').textContent()).toContain('どれにも当てはまらない')
      expect(await nodeOf(page, 'branch').textContent()).toContain('参加する')
      await connect(page, handle(wait, 'source', 'happened'), handle(branch, 'target'))

      const yes = await drop(page, 'message', 0.62, 0.4)
      await page.getByTestId('message-text-0').fill('ご参加ありがとうございます！当日お待ちしています')
      const no = await drop(page, 'message', 0.45, 0.72)
      await page.getByTestId('message-text-0').fill('承知しました。またの機会にぜひ')
      await connect(page, handle(branch, 'source', 'b1'), handle(yes, 'target'))
      await connect(page, handle(branch, 'source', 'else'), handle(no, 'target'))
      await expect.poll(() => page.locator('.svelte-flow__edge').count()).toBe(5)
      await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor()
      await shot(page, 'scenario-branching')

      await page.getByTestId('publish').click()
      await page.getByTestId('publish-notice').waitFor()
      expect(await page.getByTestId('flow-status').textContent()).toBe('配信中')

      // A friend follows in the simulator: step 1 arrives with its buttons.
      const user = await stack.sim.createUser('分岐 花子')
      await stack.sim.follow(user.userId)
      await expect
        .poll(() => botTexts(user.userId), { timeout: 30_000 })
        .toContain('分岐 花子さん、来週のイベントに参加しますか？')
      const question = (await stack.sim.chat(user.userId)).find((i) =>
        i.message.text?.includes('来週のイベント'),
      )!
      const buttons = (question.message.quickReply as { items: { action: { label: string } }[] }).items
      expect(buttons.map((b) => b.action.label)).toEqual(['はい', 'いいえ'])

      // They tap はい: the branch takes the "yes" path, never the other.
      await stack.sim.postback(user.userId, 'answer=yes')
      await expect
        .poll(() => botTexts(user.userId), { timeout: 30_000 })
        .toContain('ご参加ありがとうございます！当日お待ちしています')
      expect(await botTexts(user.userId)).not.toContain('承知しました。またの機会にぜひ')

      // The run view shows the branch visited and the postback that decided it.
      await visit(page, surveyUrl)
      await page.getByTestId('runs-link').click()
      await page.waitForURL(/\/runs$/)
      await eventually(page, async () => (await page.getByTestId('run-row').count()) > 0, {
        timeoutMs: 30_000,
        what: 'the survey run',
      })
      await page.getByTestId('run-row').first().getByRole('link').click()
      await page.getByTestId('run-graph').waitFor()
      await page.locator(`[data-testid="flow-node"][data-node-id="${branch}"].visited`).waitFor()
      await page.locator(`[data-testid="flow-node"][data-node-id="${yes}"].visited`).waitFor()
      expect(await page.locator(`[data-testid="flow-node"][data-node-id="${no}"].visited`).count()).toBe(0)
      const decision = page
        .getByTestId('run-step')
        .filter({ hasText: `(${branch})` })
        .filter({ hasText: 'answer=yes' })
      await decision.first().waitFor()
      expect(await decision.first().textContent()).toContain('b1')
      await shot(page, 'scenario-branch-run')

      // The preview plays the other answer with a scripted friend: いいえ two hours after the start.
      await visit(page, surveyUrl)
      await page.getByTestId('preview-toggle').click()
      await page.getByTestId('preview-options').locator('summary').click()
      await page.getByTestId('preview-event-add').click()
      await page.getByTestId('preview-event-after').fill('2')
      await page.getByTestId('preview-event-kind').selectOption('postback')
      await page.getByTestId('preview-event-value').fill('answer=no')
      await page.getByTestId('preview-run').click()
      const previewChat = page.getByTestId('preview-chat')
      await previewChat.waitFor()
      const bubbles = await page.getByTestId('preview-bubble').allTextContents()
      expect(bubbles.some((b) => b.includes('またの機会にぜひ'))).toBe(true)
      expect(bubbles.some((b) => b.includes('ご参加ありがとうございます'))).toBe(false)
      await shot(page, 'scenario-preview-events')
    },
  )
})
