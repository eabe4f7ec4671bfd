import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, text, type Harness, type Loose } from './harness'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'linesim-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A second simulator on the same state file, with the first one's channel credentials. */
async function reopen(first: Harness, stateFile: string) {
  const second = await startHarness({ stateFile })
  // The harness registered a new channel; the old one must be there too, unchanged.
  const channels = (await second.admin('GET', '/channels')).body.channels
  expect(channels.map((c: { channelId: string }) => c.channelId)).toContain(first.channelId)
  return second
}

describe('state file', () => {
  it('keeps channels, users, chats, quota, retry keys and the clock across a restart', async () => {
    const stateFile = path.join(dir, 'nested', 'state.json')
    const first = await startHarness({ stateFile, saveDebounceMs: 20 })
    const userId = await first.user('永続 花子')
    const retryKey = randomUUID()
    await first.line(
      'POST',
      '/message/push',
      { to: userId, messages: [text('覚えてる？')] },
      { 'x-line-retry-key': retryKey },
    )
    await first.admin('PUT', `/channels/${first.channelId}/limits`, { monthlyQuota: 100 })
    await first.admin('POST', '/clock/advance', { ms: 3_600_000 })
    const botUserId = (await first.admin('GET', `/channels/${first.channelId}`)).body.botUserId
    await first.close() // flushes
    expect(existsSync(stateFile)).toBe(true)

    const second = await reopen(first, stateFile)
    try {
      const base = `${second.url}/_sim/channels/${first.channelId}`
      const users = (await (await fetch(`${base}/users`)).json()) as Loose
      expect(users.users).toEqual([
        expect.objectContaining({ userId, displayName: '永続 花子', followState: 'following' }),
      ])
      const chat = (await (await fetch(`${base}/users/${userId}/chat`)).json()) as Loose
      expect(chat.items.map((c: { message: { text: string } }) => c.message.text)).toEqual(['覚えてる？'])
      expect(((await (await fetch(base)).json()) as Loose).botUserId).toBe(botUserId)
      expect((await second.admin('GET', '/clock')).body.offsetMs).toBe(3_600_000)

      const auth = { authorization: `Bearer ${first.accessToken}`, 'content-type': 'application/json' }
      const quota = await (
        await fetch(`${second.url}/v2/bot/message/quota/consumption`, { headers: auth })
      ).json()
      expect(quota).toEqual({ totalUsage: 1 })
      const retry = await fetch(`${second.url}/v2/bot/message/push`, {
        method: 'POST',
        headers: { ...auth, 'x-line-retry-key': retryKey },
        body: JSON.stringify({ to: userId, messages: [text('覚えてる？')] }),
      })
      expect(retry.status).toBe(409)
    } finally {
      await second.close()
    }
  })

  it('saves on its own (debounced), without waiting for close', async () => {
    const stateFile = path.join(dir, 'debounced.json')
    const h = await startHarness({ stateFile, saveDebounceMs: 20 })
    try {
      const userId = await h.user('自動保存')
      await new Promise((r) => setTimeout(r, 300))
      const saved = JSON.parse(await readFile(stateFile, 'utf8'))
      expect(saved.channels[h.channelId].users[userId].displayName).toBe('自動保存')
    } finally {
      await h.close()
    }
  })

  it('starts fresh (and says so) when the state file is unreadable', async () => {
    const stateFile = path.join(dir, 'broken.json')
    await writeFile(stateFile, '{"version": 99')
    const h = await startHarness({ stateFile })
    try {
      expect((await h.admin('GET', '/channels')).body.channels).toHaveLength(1)
    } finally {
      await h.close()
    }
  })

  it('forgets everything on reset', async () => {
    const h = await startHarness()
    await h.user()
    await h.admin('POST', '/clock/advance', { ms: 1000 })
    expect((await h.admin('POST', '/reset')).body).toEqual({ ok: true })
    expect((await h.admin('GET', '/channels')).body.channels).toEqual([])
    expect((await h.admin('GET', '/clock')).body.offsetMs).toBe(0)
    await h.close()
  })
})
