import { describe, expect, it } from 'vitest'
import { scenarioActivities } from '../../activities/scenario'
import { simulateFlow } from '../../flow/sim'
import type { ReminderScheduler } from '../../workflows/contracts/reminder'
import { useTestApi } from './useTestApi'

const t = useTestApi({ roles: ['owner'], channel: true })

const say = (text: string) => ({ messages: [{ type: 'text', text }] })
const node = (id: string, type: string, params: unknown = {}) => ({
  id,
  type,
  version: 1,
  params,
  position: { x: 0, y: 0 },
})
const edge = (source: string, target: string) => ({
  id: `${source}-${target}`,
  source,
  sourcePort: 'next',
  target,
})
/** Two messages back to back: with a cap of one a day, the second waits for the next day. */
const twoMessages = {
  nodes: [
    node('t', 'trigger.follow'),
    node('m1', 'message', say('1通目')),
    node('m2', 'message', say('2通目')),
  ],
  edges: [edge('t', 'm1'), edge('m1', 'm2')],
}
/** Loading channel settings starts no reminders. */
const noReminders: ReminderScheduler = {
  startOrRetargetReminder: () => Promise.reject(new Error('not expected')),
  signalReminder: () => Promise.reject(new Error('not expected')),
}

describe('channel delivery settings', () => {
  it('are the same for the time-travel preview and a real run when one stored rule is broken', async () => {
    // Rules stored before a schema change (or by hand): quiet hours without an end, a valid cap.
    await t.api.prisma.channel.update({
      where: { id: t.channelId },
      data: { deliveryRules: { quietHours: { start: '22:00' }, frequencyCap: { perDay: 1 } } },
    })
    const created = await t.owner.post('/api/flows', { name: '上限' })
    expect(created.status).toBe(201)
    const flowId: string = created.body.id
    expect((await t.owner.put(`/api/flows/${flowId}/draft`, { draft: twoMessages })).status).toBe(200)

    const startAt = '2026-01-05T01:00:00.000Z' // 10:00 in Tokyo
    const preview = await t.owner.post(`/api/flows/${flowId}/preview`, { startAt })
    expect(preview.status).toBe(200)

    // What the scenario workflow loads for a real run of this channel, played on the same clock.
    const runSettings = await scenarioActivities(t.api.prisma, noReminders).loadChannelSettings({
      channelId: t.channelId,
    })
    expect(runSettings).toEqual({ timezone: 'Asia/Tokyo', quietHours: null, frequencyCap: { perDay: 1 } })
    const run = await simulateFlow(twoMessages, { start: Date.parse(startAt), channel: runSettings, flowId })
    const sendsOf = (sends: { nodeId: string; at: number | string }[]) =>
      sends.map((s) => [s.nodeId, new Date(s.at).toISOString()])

    // The broken quiet hours are dropped alone: the cap still holds the second message to the next day.
    expect(sendsOf(preview.body.sends)).toEqual([
      ['m1', '2026-01-05T01:00:00.000Z'],
      ['m2', '2026-01-05T15:00:00.000Z'],
    ])
    expect(sendsOf(preview.body.sends)).toEqual(sendsOf(run.sends))
  })
})
