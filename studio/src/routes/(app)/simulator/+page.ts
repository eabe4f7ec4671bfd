import { call, failLoad, isApiError, loadApi } from '$lib/api'
import type { PageLoad } from './$types'

export const load: PageLoad = async ({ fetch, url }) => {
  try {
    const { users } = await call(loadApi({ fetch, url }).GET('/simulator/users'))
    return { users, notSimulator: false }
  } catch (e) {
    // A channel bound to real LINE has no simulator: the page explains instead of failing.
    if (isApiError(e, 'not_simulator')) return { users: [], notSimulator: true }
    failLoad(e)
  }
}
