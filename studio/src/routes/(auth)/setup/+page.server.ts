import { fail, redirect } from '@sveltejs/kit'
import { call, failLoad, isApiError, loadApi } from '$lib/api'
import type { Actions, PageServerLoad } from './$types'

// Setup exists only until the owner account is created; afterwards it is the login page's job.
export const load: PageServerLoad = async ({ parent, fetch, url, isDataRequest }) => {
  // On a client-side navigation the layout's session may be stale (it ended meanwhile): ask again.
  const auth = isDataRequest
    ? await call(loadApi({ fetch, url }).GET('/auth/state')).catch(failLoad)
    : (await parent()).auth
  if (!auth.needsSetup) redirect(303, auth.staff ? '/' : '/login')
}

/**
 * The same request as the page's script makes, for a submit before the JavaScript has loaded
 * (slow network): the form posts here instead of putting the password into the URL. The
 * session cookie the API sets is passed on by SvelteKit's fetch.
 */
export const actions: Actions = {
  default: async ({ request, fetch, url }) => {
    const form = await request.formData()
    const name = String(form.get('name') ?? '').trim()
    const email = String(form.get('email') ?? '').trim()
    const password = String(form.get('password') ?? '')
    try {
      await call(loadApi({ fetch, url }).POST('/auth/setup', { body: { name, email, password } }))
    } catch (e) {
      if (!isApiError(e)) throw e
      return fail(e.status >= 400 && e.status < 600 ? e.status : 502, {
        code: e.code,
        fields: e.fieldMap(),
        name,
        email,
      })
    }
    redirect(303, '/')
  },
}
