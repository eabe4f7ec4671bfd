import { randomBytes } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import type { TestStack } from '../helpers/stack'
import { eventually, hydrated, shot, useStudio, visit, type Browser } from './browser'

// The studio in a real browser against the whole product (PostgreSQL, Temporal, worker, API,
// LINE simulator, vite dev server). The tests share one owner account and run in order.

const owner = { name: '山田 太郎', email: 'owner@example.com', password: 'correct horse battery' }

let stack: TestStack
let browser: Browser
let studio: string
useStudio((e2e) => ({ stack, browser, studio } = e2e))

/** Signs in through the login page unless the browser already has a session. */
async function signIn(): Promise<void> {
  const { page } = browser
  await visit(page, `${studio}/`)
  if (!page.url().includes('/login')) return
  await page.getByTestId('login-email').fill(owner.email)
  await page.getByTestId('login-password').fill(owner.password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('account-name').waitFor()
}

describe('studio', () => {
  it('creates the owner on first visit, then logs out and back in', { timeout: 120_000 }, async () => {
    const { page } = browser
    await visit(page, `${studio}/friends`)
    // No staff yet: every page leads to setup, and there is no default password to try.
    await page.waitForURL(`${studio}/setup`)
    await shot(page, 'setup')

    // The form checks itself before asking the API.
    await page.getByTestId('setup-submit').click()
    await page.getByTestId('name-error').waitFor()
    expect(await page.getByTestId('password-error').textContent()).toContain('10文字以上')

    await page.getByTestId('setup-name').fill(owner.name)
    await page.getByTestId('setup-email').fill(owner.email)
    await page.getByTestId('setup-password').fill(owner.password)
    await page.getByTestId('setup-submit').click()
    await page.waitForURL(`${studio}/`)
    expect(await page.getByTestId('account-name').textContent()).toBe(owner.name)
    await page.getByTestId('channel-card').waitFor()
    expect(await page.getByTestId('channel-binding').textContent()).toContain('シミュレーター')
    await shot(page, 'dashboard')

    // Setup is over for good.
    await visit(page, `${studio}/setup`)
    await page.waitForURL(`${studio}/`)

    await page.getByTestId('logout').click()
    await page.waitForURL(`${studio}/login`)
    await visit(page, `${studio}/simulator`)
    await page.waitForURL(/\/login\?next=%2Fsimulator$/)

    await page.getByTestId('login-email').fill(owner.email)
    await page.getByTestId('login-password').fill('not the password')
    await page.getByTestId('login-submit').click()
    const error = page.getByTestId('form-error')
    await error.waitFor()
    expect(await error.textContent()).toContain('メールアドレスまたはパスワードが正しくありません')
    await shot(page, 'login-error')

    await page.getByTestId('login-password').fill(owner.password)
    await page.getByTestId('login-submit').click()
    // Back where the guard stopped us.
    await page.waitForURL(`${studio}/simulator`)
    expect(await page.getByTestId('account-name').textContent()).toBe(owner.name)
  })

  it('plays a friend in the simulator and sees them in 友だち', { timeout: 150_000 }, async () => {
    const { page } = browser
    await signIn()
    const name = `花子 ${randomBytes(3).toString('hex')}`
    const text = 'こんにちは！予約はできますか？'

    await visit(page, `${studio}/simulator`)
    await page.getByTestId('sim-display-name').fill(name)
    await page.getByTestId('sim-create-submit').click()
    const user = page.locator('[data-testid="sim-user"][aria-current="true"]')
    await user.waitFor()
    expect(await user.textContent()).toContain(name)
    const userId = await user.getAttribute('data-user-id')
    expect(userId).toMatch(/^U[0-9a-f]{32}$/)

    // 友だち追加: the greeting (default: "{name}さん、友だち追加ありがとうございます！") arrives
    // through webhook → workflow → reply, and the chat polls it in within seconds.
    await page.getByTestId('sim-follow').click()
    const greeting = page.getByTestId('sim-bot-message').first()
    await greeting.waitFor({ timeout: 15_000 })
    expect(await greeting.textContent()).toContain(`${name}さん`)
    await user.getByTestId('sim-user-state').filter({ hasText: '友だち' }).waitFor()

    await page.getByTestId('sim-input').fill(text)
    await page.getByTestId('sim-input').press('Enter')
    await page.getByTestId('sim-user-message').filter({ hasText: text }).waitFor()
    expect(await page.getByTestId('sim-input').inputValue()).toBe('')
    await page.getByTestId('sim-sticker-toggle').click()
    await page.getByTestId('sim-sticker').first().click()
    await page.locator('[data-testid="sim-user-message"][data-kind="sticker"]').waitFor()
    await shot(page, 'simulator')

    // 友だち: the new friend is listed (found by the search box, which lives in the URL).
    await visit(page, `${studio}/friends`)
    await page.getByTestId('friend-search').fill(name)
    await page.waitForURL((url) => url.searchParams.get('q') === name)
    const row = page.getByTestId('friend-row').filter({ hasText: name })
    await eventually(page, async () => (await row.count()) === 1, { what: 'the friend in the list' })
    expect(await row.getByTestId('friend-status').textContent()).toBe('フォロー中')
    await shot(page, 'friends')

    // Their history holds the message they sent (and the greeting they got).
    await row.getByTestId('friend-name').click()
    await page.waitForURL(/\/friends\/[^/?]+$/)
    expect(await page.getByTestId('friend-display-name').textContent()).toBe(name)
    expect(await page.getByTestId('friend-line-user-id').textContent()).toBe(userId)
    const inbound = page.getByTestId('history-message').filter({ hasText: text })
    await eventually(page, async () => (await inbound.count()) === 1, { what: 'the message in the history' })
    expect(
      await page
        .getByTestId('history-message')
        .filter({ hasText: `${name}さん` })
        .count(),
    ).toBe(1)
    // No scenario has run for them yet: the runs section says so.
    await page.getByTestId('friend-runs').getByTestId('empty-state').waitFor()
    await shot(page, 'friend')

    // ブロック in the simulator: the friend turns ブロック in the list.
    await visit(page, `${studio}/simulator?user=${userId}`)
    await page.getByTestId('sim-block').click()
    const unblock = page.getByTestId('sim-follow')
    await unblock.waitFor()
    expect(await unblock.textContent()).toContain('ブロック解除')
    expect(await page.getByTestId('sim-input').isDisabled()).toBe(true)

    await visit(page, `${studio}/friends?q=${encodeURIComponent(name)}`)
    await eventually(
      page,
      async () => (await row.getByTestId('friend-status').textContent()) === 'ブロック',
      { what: 'the blocked status' },
    )
    await page.getByTestId('status-filter-following').check()
    await page.waitForURL((url) => url.searchParams.get('status') === 'following')
    await page.getByTestId('empty-state').waitFor()
  })

  it(
    'edits the greeting with inline errors from the API, in both languages',
    { timeout: 90_000 },
    async () => {
      const { page } = browser
      await signIn()
      await visit(page, `${studio}/settings/greeting`)
      const text = page.getByTestId('message-text-0')
      await text.waitFor()

      // An empty text passes the browser and is refused by the API, next to the field.
      await text.fill('')
      await page.getByTestId('greeting-save').click()
      const fieldError = page.getByTestId('message-error').first()
      await fieldError.waitFor()
      expect(await fieldError.textContent()).toContain('テキストを入力してください')
      expect(await text.getAttribute('aria-invalid')).toBe('true')

      await text.fill('ようこそ、')
      await page.getByTestId('message-insert-name').click()
      expect(await text.inputValue()).toBe('ようこそ、{name}')
      await page.getByTestId('message-add').click()
      await page.getByTestId('message-type-1-sticker').check()
      await page.getByTestId('message-item').nth(1).getByTestId('sticker-packageId').fill('11537')
      await page.getByTestId('message-item').nth(1).getByTestId('sticker-stickerId').fill('52002734')
      expect(await page.getByTestId('greeting-preview-message').first().textContent()).toContain(
        'ようこそ、山田 花子',
      )
      await page.getByTestId('greeting-save').click()
      await page.getByTestId('greeting-status').filter({ hasText: '保存しました' }).waitFor()
      await shot(page, 'greeting')

      // Saved for real: a reload shows both messages.
      await page.reload()
      await hydrated(page)
      expect(await page.getByTestId('message-item').count()).toBe(2)
      expect(await page.getByTestId('message-text-0').inputValue()).toBe('ようこそ、{name}')

      // English switch: every label follows, and the choice survives a reload (cookie).
      await page.getByTestId('lang-en').click()
      await page.getByTestId('nav-friends').filter({ hasText: 'Friends' }).waitFor()
      await page.reload()
      await hydrated(page)
      expect(await page.getByTestId('nav-greeting').textContent()).toContain('Greeting message')
      expect(await page.locator('html').getAttribute('lang')).toBe('en')
      await page.getByTestId('lang-ja').click()
      await page.getByTestId('nav-friends').filter({ hasText: '友だち' }).waitFor()
    },
  )

  it('shows staff notifications behind the bell and marks them read', { timeout: 90_000 }, async () => {
    const { page } = browser
    await signIn()
    await visit(page, `${studio}/notifications`)
    await page.getByTestId('empty-state').waitFor()
    expect(await page.getByTestId('notification-count').count()).toBe(0)

    await stack.prisma.staffNotification.createMany({
      data: [
        { id: 'e2e-n1', channelId: stack.channel.id, message: '予約のキャンセルがありました' },
        { id: 'e2e-n2', channelId: stack.channel.id, message: '「はい」と返信がありました', email: true },
      ],
    })
    await visit(page, `${studio}/`)
    await eventually(page, async () => (await page.getByTestId('notification-count').textContent()) === '2', {
      what: 'the unread count on the bell',
    })
    await page.getByTestId('notification-bell').click()
    await page.waitForURL(`${studio}/notifications`)
    expect(await page.getByTestId('notification').count()).toBe(2)
    await page
      .getByTestId('notification')
      .filter({ hasText: '予約のキャンセル' })
      .getByTestId('notification-read')
      .click()
    await eventually(page, async () => (await page.getByTestId('notification-count').textContent()) === '1', {
      what: 'one left unread',
    })
    await shot(page, 'notifications')
    await page.getByTestId('notifications-read-all').click()
    await page.getByTestId('notification-count').waitFor({ state: 'detached' })
    expect(await page.locator('[data-testid="notification"][data-read="false"]').count()).toBe(0)
  })
})

describe('studio hardening', () => {
  it('sends security headers: a CSP that forbids framing, no sniffing, no referrer to other sites', async () => {
    for (const path of ['/login', '/api/auth/state']) {
      const res = await fetch(`${studio}${path}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
    }
    const csp = (await fetch(`${studio}/login`)).headers.get('content-security-policy')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("script-src 'self' 'nonce-")
  })

  it('tells the API the client address it saw, not one the client claims', async () => {
    const res = await fetch(`${studio}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77' },
      body: JSON.stringify({ email: owner.email, password: 'not the password' }),
    })
    expect(res.status).toBe(401)
    const failed = await stack.prisma.auditLog.findFirstOrThrow({
      where: { action: 'auth.login_failed' },
      orderBy: { id: 'desc' },
    })
    expect(failed.ip).toBe('127.0.0.1')
  })

  it('sends a no-JS login on only to a same-site `next`', async () => {
    const login = (next: string) =>
      fetch(`${studio}/login?next=${encodeURIComponent(next)}`, {
        method: 'POST',
        redirect: 'manual',
        // A browser's form post without JavaScript (else SvelteKit answers the action as JSON).
        headers: { origin: studio, accept: 'text/html' },
        body: new URLSearchParams({ email: owner.email, password: owner.password }),
      })
    const offSite = await login('/\t/evil.example')
    expect(offSite.status).toBe(303)
    expect(offSite.headers.get('location')).toBe('/')
    expect((await login('/friends')).headers.get('location')).toBe('/friends')
  })

  it('links and shows only http(s) images in a friend’s history', { timeout: 60_000 }, async () => {
    const { page } = browser
    await signIn()
    const user = await stack.sim.createUser(`画像 ${randomBytes(3).toString('hex')}`)
    await stack.sim.follow(user.userId)
    const friend = await vi.waitFor(
      () => stack.prisma.friend.findFirstOrThrow({ where: { lineUserId: user.userId } }),
      { timeout: 15_000, interval: 200 },
    )
    const image = (id: string, originalContentUrl: string, previewImageUrl: string) => ({
      type: 'message',
      source: { type: 'user', userId: user.userId },
      message: { type: 'image', id, originalContentUrl, previewImageUrl },
    })
    await stack.sim.webhook([
      image('img-1', 'javascript:alert(document.domain)', 'https://example.com/preview.jpg'),
      image('img-2', 'javascript:alert(1)', 'javascript:alert(2)'),
    ])
    await visit(page, `${studio}/friends/${friend.id}`)
    const images = page.locator('[data-testid="history-message"][data-kind="image"]')
    await eventually(page, async () => (await images.count()) === 2, { what: 'both images in the history' })
    expect(await page.locator('a[href^="javascript:"], img[src^="javascript:"]').count()).toBe(0)
    expect(await images.locator('a').getAttribute('href')).toBe('https://example.com/preview.jpg')
    expect(browser.cspViolations).toEqual([])
  })
})
