import { redirect } from '@sveltejs/kit'
import { call, failLoad, loadApi } from '$lib/api'
import type { LayoutServerLoad } from './$types'

// Every app page sits behind this guard, on the server, before anything renders.
export const load: LayoutServerLoad = async ({ parent, fetch, url, untrack }) => {
  const { auth } = await parent()
  if (auth.needsSetup) redirect(303, '/setup')
  if (!auth.staff || !auth.abilities) {
    // untrack: reading the URL must not re-run this load (and refetch the channel) on every click.
    const here = untrack(() => url.pathname + url.search)
    const next = here === '/' ? '' : `?next=${encodeURIComponent(here)}`
    redirect(303, `/login${next}`)
  }
  const channel = await call(loadApi({ fetch, url }).GET('/channels/default')).catch(failLoad)
  return { staff: auth.staff, abilities: auth.abilities, channel }
}
