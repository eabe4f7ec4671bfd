import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApi } from './useTestApi'

/**
 * Lookups by ID are channel-scoped: every object of channel B answers 404 through channel A's routes
 * (without `channelId`, the default channel A is meant, and with `channelId=A`) as if it did not
 * exist, and is reached with `channelId=B`. The objects are made in the database, so no route of B
 * helps to make them. Without Temporal: B's objects are in states that answer before any signal.
 */

const t = useTestApi({ roles: ['owner'], channel: true })
let b: string
const ids = {
  flow: '',
  friend: '',
  blockedFriend: '',
  tag: '',
  field: '',
  reminderSet: '',
  scenarioRun: '',
  reminderRun: '',
}

const steps = [
  {
    id: 's1',
    offset: { amount: 30, unit: 'minutes', direction: 'after' },
    messages: [{ type: 'text', text: 'お知らせ' }],
  },
]
const node = (id: string, type: string, params: object) => ({
  id,
  type,
  version: 1,
  params,
  position: { x: 0, y: 0 },
})
const draft = {
  nodes: [
    node('t', 'trigger.follow', { refollow: true }),
    node('m1', 'message', { messages: [{ type: 'text', text: 'ようこそ' }] }),
  ],
  edges: [{ id: 't-next-m1', source: 't', sourcePort: 'next', target: 'm1' }],
  settings: { reentry: 'once' },
}

beforeAll(async () => {
  const { prisma } = t.api
  b = (
    await prisma.channel.create({
      data: { name: 'B', secret: 's', accessToken: 't', apiBaseUrl: 'https://api.line.me' },
    })
  ).id
  const channelId = b
  ids.flow = (await prisma.flow.create({ data: { channelId, name: 'Bのシナリオ', draft } })).id
  ids.friend = (await prisma.friend.create({ data: { channelId, lineUserId: 'U-b', displayName: 'B' } })).id
  ids.blockedFriend = (
    await prisma.friend.create({
      data: { channelId, lineUserId: 'U-b-blocked', displayName: 'B2', status: 'blocked' },
    })
  ).id
  ids.tag = (await prisma.tag.create({ data: { channelId, name: 'Bのタグ' } })).id
  ids.field = (
    await prisma.friendField.create({ data: { channelId, key: 'visit', name: '来店日', type: 'date' } })
  ).id
  ids.reminderSet = (
    await prisma.reminderSet.create({
      data: { channelId, name: 'Bのリマインダ', targetSource: 'start', steps },
    })
  ).id
  const finished = { channelId, friendId: ids.friend, status: 'completed' as const }
  ids.scenarioRun = (
    await prisma.scenarioRun.create({
      data: {
        ...finished,
        flowId: ids.flow,
        version: 1,
        workflowId: 'scenario-b',
        endReason: 'completed',
        endedAt: new Date(),
      },
    })
  ).id
  ids.reminderRun = (
    await prisma.reminderRun.create({
      data: { ...finished, setId: ids.reminderSet, workflowId: 'reminder-b', origin: 'staff:x' },
    })
  ).id
})

/** Paths (and bodies naming B's objects) are thunks: the IDs exist once `beforeAll` has run. */
type Case = [label: string, method: string, path: () => string, body: unknown, reachedWithB: number]

/** 404 `not_found` without `channelId` and with A's; `reachedWithB` with B's. */
async function expectScoped(method: string, path: string, body: unknown, reachedWithB: number) {
  const sep = path.includes('?') ? '&' : '?'
  const call = (url: string) => t.owner.call(method, `/api${url}`, body === undefined ? {} : { body })
  for (const url of [path, `${path}${sep}channelId=${t.channelId}`]) {
    const res = await call(url)
    expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBe(404)
    expect(res.body.error.code, `${method} ${url}`).toBe('not_found')
  }
  const url = `${path}${sep}channelId=${b}`
  const res = await call(url)
  expect(res.status, `${method} ${url}: ${JSON.stringify(res.body)}`).toBe(reachedWithB)
}

// In order: each feature's destructive calls come last.
const cases: Record<string, Case[]> = {
  scenarios: [
    ['GET flow', 'GET', () => `/flows/${ids.flow}`, undefined, 200],
    ['PUT draft', 'PUT', () => `/flows/${ids.flow}/draft`, { draft }, 200],
    ['POST publish', 'POST', () => `/flows/${ids.flow}/publish`, undefined, 200],
    ['POST pause', 'POST', () => `/flows/${ids.flow}/pause`, undefined, 200],
    ['POST resume', 'POST', () => `/flows/${ids.flow}/resume`, undefined, 200],
    ['POST duplicate', 'POST', () => `/flows/${ids.flow}/duplicate`, undefined, 201],
    ['POST preview', 'POST', () => `/flows/${ids.flow}/preview`, {}, 200],
    ['GET versions', 'GET', () => `/flows/${ids.flow}/versions`, undefined, 200],
    ['GET version', 'GET', () => `/flows/${ids.flow}/versions/1`, undefined, 200],
    ['GET migration', 'GET', () => `/flows/${ids.flow}/migration`, undefined, 200],
    ['POST migration', 'POST', () => `/flows/${ids.flow}/migration`, { toVersion: 1, unmapped: 'end' }, 202],
    ['GET flow runs', 'GET', () => `/flows/${ids.flow}/runs`, undefined, 200],
    ['POST stop', 'POST', () => `/flows/${ids.flow}/stop`, undefined, 200],
    ['POST archive', 'POST', () => `/flows/${ids.flow}/archive`, undefined, 200],
  ],
  'scenario runs': [
    ['GET run', 'GET', () => `/runs/${ids.scenarioRun}`, undefined, 200],
    // Already ended: refused after the lookup, before any signal.
    ['POST cancel', 'POST', () => `/runs/${ids.scenarioRun}/cancel`, undefined, 409],
  ],
  friends: [
    ['GET friend', 'GET', () => `/friends/${ids.friend}`, undefined, 200],
    ['GET messages', 'GET', () => `/friends/${ids.friend}/messages`, undefined, 200],
    ['GET friend runs', 'GET', () => `/friends/${ids.friend}/runs`, undefined, 200],
  ],
  tags: [
    ['PATCH tag', 'PATCH', () => `/tags/${ids.tag}`, { name: '改名' }, 200],
    ['DELETE tag', 'DELETE', () => `/tags/${ids.tag}`, undefined, 204],
  ],
  fields: [
    ['PATCH field', 'PATCH', () => `/fields/${ids.field}`, { name: '改名' }, 200],
    ['DELETE field', 'DELETE', () => `/fields/${ids.field}`, undefined, 204],
  ],
  reminders: [
    ['GET set', 'GET', () => `/reminders/${ids.reminderSet}`, undefined, 200],
    [
      'PUT set',
      'PUT',
      () => `/reminders/${ids.reminderSet}`,
      { name: '改名', target: { kind: 'start' }, steps },
      200,
    ],
    ['GET set runs', 'GET', () => `/reminders/${ids.reminderSet}/runs`, undefined, 200],
    // A blocked friend of B: refused after both lookups, before Temporal.
    [
      'POST start',
      'POST',
      () => `/reminders/${ids.reminderSet}/runs`,
      () => ({ friendId: ids.blockedFriend, target: 0 }),
      409,
    ],
    [
      'POST cancel run',
      'POST',
      () => `/reminders/${ids.reminderSet}/runs/${ids.reminderRun}/cancel`,
      undefined,
      409,
    ],
    ['POST archive', 'POST', () => `/reminders/${ids.reminderSet}/archive`, undefined, 200],
  ],
}

for (const [feature, list] of Object.entries(cases)) {
  describe(`${feature} of channel B`, () => {
    it.each(list)('%s', async (_label, method, path, body, reachedWithB) => {
      await expectScoped(method, path(), typeof body === 'function' ? body() : body, reachedWithB)
    })
  })
}

describe('channel B objects used from channel A', () => {
  it('does not start channel A’s reminder for a friend of channel B', async () => {
    const set = await t.api.prisma.reminderSet.create({
      data: { channelId: t.channelId, name: 'Aのリマインダ', targetSource: 'start', steps },
    })
    const res = await t.owner.post(`/api/reminders/${set.id}/runs`, { friendId: ids.friend, target: 0 })
    expect(res.status).toBe(400)
    expect(res.body.error.fields).toEqual([expect.objectContaining({ path: 'body.friendId' })])
  })
})
