import { call, failLoad, loadApi, type FlowDetail, type FlowVersionDetail, type RunStatus } from '$lib/api'
import type { PageLoad } from './$types'

const STATUSES: RunStatus[] = ['running', 'waiting', 'completed', 'failed', 'cancelled']
const PAGE_SIZE = 30

export const load: PageLoad = async ({ fetch, params, url }) => {
  const api = loadApi({ fetch, url })
  const path = { id: params.id }
  const raw = url.searchParams.get('status') ?? ''
  const status = (STATUSES as string[]).includes(raw) ? (raw as RunStatus) : undefined
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page'))) || 1)
  const [flow, runs, versions] = await Promise.all([
    call(api.GET('/flows/{id}', { params: { path } })),
    call(api.GET('/flows/{id}/runs', { params: { path, query: { status, page, pageSize: PAGE_SIZE } } })),
    call(api.GET('/flows/{id}/versions', { params: { path } })),
  ]).catch(failLoad)
  // Node labels come from the version each run follows, not from the draft.
  const shown = [...new Set(runs.items.map((r) => r.version))]
  const definitions = Object.fromEntries(
    await Promise.all(
      shown.map(async (version) => {
        const v = await call(
          api.GET('/flows/{id}/versions/{version}', { params: { path: { ...path, version } } }),
        )
        return [version, (v as FlowVersionDetail).definition] as const
      }),
    ).catch(failLoad),
  )
  return {
    flow: flow as FlowDetail,
    runs,
    versions: versions.items,
    definitions,
    status: status ?? '',
    statuses: STATUSES,
  }
}
