import type { Page } from 'playwright-core'
import type { FlowDefinitionInput } from '../flow/graph'
import { openBrowser, visit } from '../tests/e2e/browser'
import { FlowBuilder, textMessage } from './flows'
import type { OwnerSession } from './owner'
import { round, summarize } from './stats'

/**
 * A valid flow of `total` nodes: a long chain of units message → wait → branch, whose branch
 * leads to a side message and an end while `else` goes on to the next unit; messages fill up
 * the rest. Units are laid out five to a row.
 */
export function bigFlow(total: number): FlowDefinitionInput {
  const f = new FlowBuilder().node('trigger', 'trigger.follow', { refollow: true }, 0, 0)
  let prev = 'trigger'
  let prevPort = 'next'
  let units = 0
  for (let i = 0; f.nodes.length + 5 <= total; i++, units++) {
    const x = 280 + (i % 5) * 1100
    const y = Math.floor(i / 5) * 320
    const branch = { branches: [{ id: 'b1', label: '', when: { kind: 'followed', op: 'ge', days: i + 1 } }] }
    f.node(`m${i}`, 'message', textMessage(`step ${i + 1}`), x, y)
      .node(`w${i}`, 'wait', { mode: 'duration', duration: { days: 1, hours: 0, minutes: 0 } }, x + 260, y)
      .node(`b${i}`, 'branch', branch, x + 520, y)
      .node(`s${i}`, 'message', textMessage(`side ${i + 1}`), x + 520, y + 160)
      .node(`e${i}`, 'end', {}, x + 780, y + 160)
      .edge(prev, `m${i}`, prevPort)
      .edge(`m${i}`, `w${i}`)
      .edge(`w${i}`, `b${i}`)
      .edge(`b${i}`, `s${i}`, 'b1')
      .edge(`s${i}`, `e${i}`)
    prev = `b${i}`
    prevPort = 'else'
  }
  const tailY = (Math.floor(units / 5) + 1) * 320
  for (let i = 0; f.nodes.length < total; i++) {
    f.node(`t${i}`, 'message', textMessage(`tail ${i + 1}`), 280 + i * 260, tailY).edge(
      prev,
      `t${i}`,
      prevPort,
    )
    prev = `t${i}`
    prevPort = 'next'
  }
  return f.build()
}

// The in-page parts are JavaScript source: the repository's TypeScript has no DOM types outside the studio.

/**
 * Polled every frame after navigation: false until the studio is hydrated and all `n` nodes are
 * rendered and laid out; then the milestones in ms since navigation start.
 */
const laidOut = (n: number) => `(() => {
  const now = performance.now()
  const flowNodes = document.querySelectorAll('[data-testid="flow-node"]').length
  if (flowNodes > 0) window.benchFirstNodeAt ??= now
  if (document.documentElement.hasAttribute('data-hydrated')) window.benchHydratedAt ??= now
  const ready =
    window.benchHydratedAt !== undefined &&
    flowNodes === ${n} &&
    [...document.querySelectorAll('.svelte-flow__node')].every((el) => el.style.visibility === 'visible')
  if (!ready) return false
  return {
    domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    firstNode: window.benchFirstNodeAt,
    hydrated: window.benchHydratedAt,
    allNodes: now,
  }
})()`

/**
 * Records one drag of a node in `window.benchDrag`: each pointer move's time until the frame
 * after the node's transform changed, and pointer down → the frame after pointer up.
 */
const recordDrag = (nodeId: string) => `(() => {
  const el = document.querySelector('.svelte-flow__node[data-id="${nodeId}"]')
  const rec = { down: 0, done: 0, moves: [], before: el.style.transform, after: '' }
  let pendingMove = null
  const onMove = (e) => {
    if (rec.down) pendingMove ??= e.timeStamp
  }
  const observer = new MutationObserver(() => {
    const moved = pendingMove
    pendingMove = null
    requestAnimationFrame(() => {
      if (moved !== null) rec.moves.push(performance.now() - moved)
    })
  })
  observer.observe(el, { attributes: true, attributeFilter: ['style'] })
  addEventListener('pointerdown', (e) => (rec.down = e.timeStamp), { capture: true, once: true })
  addEventListener('pointermove', onMove, { capture: true })
  addEventListener('pointerup', () => requestAnimationFrame(() => requestAnimationFrame(() => {
    rec.done = performance.now()
    rec.after = el.style.transform
    observer.disconnect()
    removeEventListener('pointermove', onMove, { capture: true })
  })), { capture: true, once: true })
  window.benchDrag = rec
})()`

/** The node whose card is nearest the canvas centre. */
const centralNode = `(() => {
  const canvas = document.querySelector('[data-testid="canvas"]').getBoundingClientRect()
  const cx = canvas.x + canvas.width / 2
  const cy = canvas.y + canvas.height / 2
  let best
  for (const el of document.querySelectorAll('.svelte-flow__node')) {
    const r = el.getBoundingClientRect()
    const d = Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy)
    if (!best || d < best.d) best = { id: el.dataset.id, d }
  }
  return best.id
})()`

/**
 * Retries once or twice when the page is reloaded underneath (vite's dev server reloads open pages
 * when `.svelte-kit/generated` changes, e.g. another `svelte-kit sync` in the same checkout).
 */
async function retried<T>(what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      const reloaded = /ERR_ABORTED|context was destroyed|navigation/i.test((err as Error).message)
      if (!reloaded || attempt === 3) throw err
      console.log(`${what}: the page was reloaded underneath, again`)
    }
  }
}

interface LoadMilestones {
  domContentLoaded: number
  firstNode: number
  hydrated: number
  allNodes: number
}

/** Navigation → hydrated with every node laid out, measured by the page. */
async function loadTime(page: Page, url: string, n: number): Promise<LoadMilestones> {
  await page.goto(url, { waitUntil: 'commit' })
  const done = await page.waitForFunction(laidOut(n), undefined, { polling: 'raf', timeout: 120_000 })
  return (await done.jsonValue()) as LoadMilestones
}

interface DragRecord {
  down: number
  done: number
  moves: number[]
  before: string
  after: string
}

/** One drag of a node with the mouse, `dx` px right (and a third of it down), in 12 moves. */
async function drag(page: Page, nodeId: string, dx: number): Promise<DragRecord> {
  await page.evaluate(recordDrag(nodeId))
  const box = (await page.locator(`.svelte-flow__node[data-id="${nodeId}"] .head`).boundingBox())!
  const x = box.x + box.width / 2
  const y = box.y + box.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + dx, y + dx / 3, { steps: 12 })
  await page.mouse.up()
  const rec = await page.waitForFunction('window.benchDrag.done ? window.benchDrag : false')
  return (await rec.jsonValue()) as DragRecord
}

export interface EditorOptions {
  owner: OwnerSession
  studioUrl: string
  nodes: number
  loads: number
  drags: number
}

/**
 * The scenario editor with a big draft in headless Chromium (the studio as `npm start` serves
 * it: vite's dev server). Load: navigation → hydrated with every node laid out, after one
 * warm-up visit that lets vite compile. Drag: see `drag`.
 */
export async function benchEditor(o: EditorOptions) {
  const flowId = await o.owner.flow(`bench: ${o.nodes} nodes`, bigFlow(o.nodes), false)
  const url = `${o.studioUrl}/scenarios/${flowId}`
  const browser = await openBrowser()
  try {
    const { page } = browser
    await browser.context.addCookies([{ name: 'enishi_session', value: o.owner.session, url: o.studioUrl }])
    await visit(page, url)
    await retried('warm-up', () => loadTime(page, url, o.nodes))
    const loads: LoadMilestones[] = []
    for (let i = 0; i < o.loads; i++) loads.push(await retried('load', () => loadTime(page, url, o.nodes)))

    const nodeId = (await page.evaluate(centralNode)) as string
    const drags: DragRecord[] = []
    // A drag that left the node where it was (the page reloaded or the press missed) is not timed.
    let missed = 0
    while (drags.length < o.drags) {
      const record = await retried('drag', () => drag(page, nodeId, drags.length % 2 === 0 ? 120 : -120))
      if (record.after !== record.before) drags.push(record)
      else if (++missed > o.drags) throw new Error(`drags of node ${nodeId} do not move it`)
    }
    const result = {
      nodes: o.nodes,
      loadMs: summarize(loads.map((l) => l.allNodes)),
      loadMilestonesMs: {
        domContentLoaded: summarize(loads.map((l) => l.domContentLoaded)),
        firstNode: summarize(loads.map((l) => l.firstNode)),
        hydrated: summarize(loads.map((l) => l.hydrated)),
      },
      dragMs: summarize(drags.map((d) => d.done - d.down)),
      moveToFrameMs: summarize(drags.flatMap((d) => d.moves)),
      dragsMissed: missed,
      movesPerDrag: round(drags.reduce((n, d) => n + d.moves.length, 0) / drags.length),
    }
    console.log(JSON.stringify(result))
    return result
  } finally {
    await browser.close()
  }
}
