import { fail, redirect } from '@sveltejs/kit'
import { call, failLoad, isApiError, loadApi } from '$lib/api'
import { safeNext } from '$lib/url'
import type { Actions, PageServerLoad } from './$types'

export const load: PageServerLoad = async ({ parent, fetch, url, isDataRequest }) => {
  // On a client-side navigation the layout's session may be stale (it ended meanwhile): ask again.
  const auth = isDataRequest
    ? await call(loadApi({ fetch, url }).GET('/auth/state')).catch(failLoad)
    : (await parent()).auth
  if (auth.needsSetup) redirect(303, '/setup')
  if (auth.staff) redirect(303, '/')
}

/** Login for a submit before the page's JavaScript has loaded (see the setup page's action). */
export const actions: Actions = {
  default: async ({ request, fetch, url }) => {
    const form = await request.formData()
    const email = String(form.get('email') ?? '').trim()
    const password = String(form.get('password') ?? '')
    try {
      await call(loadApi({ fetch, url }).POST('/auth/login', { body: { email, password } }))
    } catch (e) {
      if (!isApiError(e)) throw e
      return fail(e.status >= 400 && e.status < 600 ? e.status : 502, { code: e.code, email })
    }
    redirect(303, safeNext(url.searchParams.get('next')))
  },
}
