import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll } from 'vitest'
import type { TestStack } from '../helpers/stack'
import { useStack } from '../helpers/useStack'

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (e.g. a developer's Chrome). */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface Browser {
  context: BrowserContext
  page: Page
  /** What the studio's Content-Security-Policy blocked so far (the console's reports). */
  cspViolations: string[]
  close(): Promise<void>
}

/**
 * A headless Chromium with a fresh profile. Playwright refuses `--user-data-dir` in args, hence
 * the persistent context on a new temporary folder; the background-networking flags keep
 * Chromium from knocking on the (closed) internet.
 */
export async function openBrowser(): Promise<Browser> {
  const profile = await mkdtemp(path.join(tmpdir(), 'enishi-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 860 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  context.setDefaultTimeout(15_000)
  const cspViolations: string[] = []
  context.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy')) {
      cspViolations.push(message.text())
    }
  })
  // The first visit compiles the studio in vite's dev server: allow it time.
  context.setDefaultNavigationTimeout(60_000)
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    cspViolations,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

export interface StudioE2E {
  stack: TestStack
  browser: Browser
  /** The studio's base URL. */
  studio: string
}

/**
 * The whole product with the studio, and a fresh browser, for one test file: started before its
 * tests (and handed to `use`), stopped after them.
 */
export function useStudio(use: (e2e: StudioE2E) => void): void {
  let browser: Browser | undefined
  useStack(
    async (stack) => {
      browser = await openBrowser()
      use({ stack, browser, studio: stack.studioUrl! })
    },
    { studio: true },
    180_000,
  )
  // After hooks run last-registered first: the browser closes before the stack stops.
  afterAll(() => browser?.close())
}

/** Creates the first account, the owner, on the setup page of a fresh install. */
export async function setUpOwnerInStudio(
  page: Page,
  studio: string,
  owner: { name: string; email: string; password: string },
): Promise<void> {
  await visit(page, `${studio}/setup`)
  await page.getByTestId('setup-name').fill(owner.name)
  await page.getByTestId('setup-email').fill(owner.email)
  await page.getByTestId('setup-password').fill(owner.password)
  await page.getByTestId('setup-submit').click()
  await page.waitForURL(`${studio}/`)
}

/**
 * Waits until the studio's JavaScript has taken over the server-rendered page (the root layout
 * marks <html data-hydrated>): clicks before that would miss the handlers.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 60_000 })
}

/** Opens a URL as a fresh page load and waits until it is interactive. */
export async function visit(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await hydrated(page)
}

/** Saves a full-page screenshot when ENISHI_E2E_SHOTS names a folder (for looking at the UI). */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.ENISHI_E2E_SHOTS
  if (!dir) return
  await mkdir(dir, { recursive: true })
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true })
}

/**
 * Polls until `check` passes, reloading the page between tries: for data the backend writes
 * asynchronously (webhook → workflow → database), where a page shows a snapshot.
 */
export async function eventually(
  page: Page,
  check: () => Promise<boolean>,
  { timeoutMs = 20_000, reload = true, what = 'condition' } = {},
): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > until) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 500))
    if (reload) {
      await page.reload()
      await hydrated(page)
    }
  }
}
