import type { FlowDefinitionInput } from '../flow/graph'
import { Browser, ownerCredentials, type CallResult } from '../tests/api/harness'

function ok(result: CallResult, what: string): CallResult {
  if (result.status >= 300) throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body)}`)
  return result
}

/**
 * The owner account, created through the API as the studio's setup page does, and the scenario
 * calls the benchmarks need (create, save draft, publish, archive), as the studio makes them.
 */
export async function ownerSession(apiUrl: string) {
  const api = new Browser(apiUrl)
  ok(await api.post('/api/auth/setup', ownerCredentials), 'owner setup')
  return {
    /** The session cookie's value, for a browser to sign in with. */
    session: api.session!,
    /** A new scenario whose draft is `definition`, published unless `publish` is false. */
    async flow(name: string, definition: FlowDefinitionInput, publish = true): Promise<string> {
      const { id } = ok(await api.post('/api/flows', { name }), 'create flow').body as { id: string }
      const saved = ok(await api.put(`/api/flows/${id}/draft`, { draft: definition }), 'save draft')
      if (saved.body.issues.length) throw new Error(`${name}: ${JSON.stringify(saved.body.issues[0])}`)
      if (publish) ok(await api.post(`/api/flows/${id}/publish`), 'publish')
      return id
    },
    async archive(flowId: string): Promise<void> {
      ok(await api.post(`/api/flows/${flowId}/archive`), 'archive flow')
    },
  }
}

export type OwnerSession = Awaited<ReturnType<typeof ownerSession>>
