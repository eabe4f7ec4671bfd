import { untrack } from 'svelte'
import { validateFlow } from '$flow/graph'
import type { FlowDetail, FlowIssue, FlowStatus } from '$lib/api'
import { api, call, isApiError } from '$lib/api/browser'
import { formError } from '$lib/forms'
import type { I18n } from '$lib/i18n'
import type { EditorContext } from './context.svelte'

/**
 * A scenario's lifecycle as the editor drives it: publish (saving the draft first), pause and
 * resume. A publish the API refuses for the graph's sake pins its issues on the nodes; from then
 * on they follow the edits, checked locally with the API's own rules (`validateFlow`).
 * Create it during component initialisation (it owns an effect).
 */
export class Publishing {
  status = $state<FlowStatus>('draft')
  latestVersion = $state<number | null>(null)
  publishing = $state(false)
  notice = $state('')
  error = $state('')
  issuesOpen = $state(false)

  constructor(
    private readonly flowId: string,
    flow: Pick<FlowDetail, 'status' | 'latestVersion'>,
    private readonly ctx: EditorContext,
    private readonly i18n: I18n,
    /** Saves the draft, so what is published is what is on the canvas. */
    private readonly save: () => Promise<void>,
    /** The draft as JSON. */
    draft: () => string,
  ) {
    this.status = flow.status
    this.latestVersion = flow.latestVersion
    $effect(() => {
      const json = draft()
      untrack(() => {
        if (this.issuesOpen) ctx.issues = validateFlow(JSON.parse(json)).errors as FlowIssue[]
      })
    })
  }

  async publish() {
    const { flowId, ctx, i18n } = this
    this.publishing = true
    this.notice = ''
    this.error = ''
    try {
      await this.save()
      const r = await call(api.POST('/flows/{id}/publish', { params: { path: { id: flowId } } }))
      this.status = r.status
      this.latestVersion = r.version
      ctx.issues = []
      this.issuesOpen = false
      this.notice = i18n.t('editor.published', { version: r.version })
    } catch (e) {
      if (isApiError(e, 'invalid_flow')) this.showIssues((e.details.issues as FlowIssue[] | undefined) ?? [])
      else this.error = formError(e, i18n)
    } finally {
      this.publishing = false
    }
  }

  showIssues(issues: FlowIssue[]) {
    this.ctx.issues = issues
    this.issuesOpen = true
  }

  async setStatus(action: 'pause' | 'resume') {
    const { flowId } = this
    this.error = ''
    try {
      this.status = (
        await call(api.POST(`/flows/{id}/${action}`, { params: { path: { id: flowId } } }))
      ).status
    } catch (e) {
      this.error = formError(e, this.i18n)
    }
  }
}
