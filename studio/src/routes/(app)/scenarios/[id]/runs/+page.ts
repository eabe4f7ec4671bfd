import { createApi, failLoad, type RunStatus } from '$lib/api'
import type { PageLoad } from './$types'

const STATUSES: RunStatus[] = ['running', 'waiting', 'completed', 'failed', 'cancelled']
const PAGE_SIZE = 30

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = createApi({ fetch })
  const raw = url.searchParams.get('status') ?? ''
  const status = (STATUSES as string[]).includes(raw) ? (raw as RunStatus) : undefined
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page'))) || 1)
  const [flow, runs, versions] = await Promise.all([
    api.flows.get(params.id).catch(failLoad),
    api.flows.runs(params.id, { status, page, pageSize: PAGE_SIZE }).catch(failLoad),
    api.flowVersions.list(params.id).catch(failLoad),
  ])
  // Node labels come from the version each run follows, not from the draft.
  const shown = [...new Set(runs.items.map((r) => r.version))]
  const definitions = Object.fromEntries(
    await Promise.all(
      shown.map(
        async (v) => [v, (await api.flowVersions.get(params.id, v).catch(failLoad)).definition] as const,
      ),
    ),
  )
  return { flow, runs, versions: versions.items, definitions, status: status ?? '', statuses: STATUSES }
}
