import { describe, expect, it } from 'vitest'
import { useTestApi } from './useTestApi'

const t = useTestApi()

interface Operation {
  parameters?: { name: string; in: string }[]
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> }
  responses: Record<string, unknown>
}

describe('OpenAPI document', () => {
  it('documents every studio route with its inputs and responses', async () => {
    const res = await fetch(`${t.api.url}/docs/json`)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { paths: Record<string, Record<string, Operation>> }
    const studio = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/'))
    expect(studio.map(([path]) => path).sort()).toEqual(
      [
        '/api/audit',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/setup',
        '/api/auth/state',
        '/api/channels/default',
        '/api/friends',
        '/api/friends/{id}',
        '/api/friends/{id}/messages',
        '/api/friends/{id}/runs',
        '/api/fields',
        '/api/fields/{id}',
        '/api/flows',
        '/api/flows/{id}',
        '/api/flows/{id}/archive',
        '/api/flows/{id}/draft',
        '/api/flows/{id}/duplicate',
        '/api/flows/{id}/migration',
        '/api/flows/{id}/pause',
        '/api/flows/{id}/preview',
        '/api/flows/{id}/publish',
        '/api/flows/{id}/resume',
        '/api/flows/{id}/runs',
        '/api/flows/{id}/stop',
        '/api/flows/{id}/versions',
        '/api/flows/{id}/versions/{version}',
        '/api/notifications',
        '/api/notifications/read-all',
        '/api/notifications/{id}/read',
        '/api/reminders',
        '/api/reminders/{id}',
        '/api/reminders/{id}/archive',
        '/api/reminders/{id}/runs',
        '/api/reminders/{id}/runs/{runId}/cancel',
        '/api/runs/{id}',
        '/api/runs/{id}/cancel',
        '/api/settings/delivery',
        '/api/settings/greeting',
        '/api/tags',
        '/api/tags/{id}',
        '/api/simulator/users',
        '/api/simulator/users/{userId}/chat',
        '/api/simulator/users/{userId}/follow',
        '/api/simulator/users/{userId}/messages',
        '/api/simulator/users/{userId}/postback',
        '/api/simulator/users/{userId}/unfollow',
      ].sort(),
    )
    for (const [path, operations] of studio) {
      for (const [method, op] of Object.entries(operations)) {
        const success = Object.keys(op.responses).filter((s) => s.startsWith('2'))
        expect(success.length, `${method} ${path}`).toBe(1)
      }
    }
    const list = doc.paths['/api/friends']!.get!
    expect(list.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual(
      ['query:channelId', 'query:page', 'query:pageSize', 'query:q', 'query:status'].sort(),
    )
    const put = doc.paths['/api/settings/greeting']!.put!
    expect(Object.keys(put.requestBody!.content['application/json']!.schema.properties!)).toEqual([
      'messages',
    ])
  })
})
