import type { Prisma } from '../../prisma/client'
import type { FieldValue, FriendSnapshot } from '../../flow/context'
import { channelSettingsOf } from '../../flow/channelSettings'
import { validateFlow, type FlowDefinition, type FlowError } from '../../flow/graph'
import { latestSpec } from '../../flow/registry'
import { simulateFlow, type SimEvent } from '../../flow/sim'
import type { ValidationContext } from '../../flow/spec'
import { staffAction } from '../audit/log'
import { ApiError } from '../errors'
import { loadAuthorized, scope } from '../policy'
import type { StaffContext } from '../policy/context'
import type { CreateFlowBody, FlowStatus, InvalidFlowBody, PreviewBody, SaveDraftBody } from './schemas'

/** Scenarios (シナリオ): drafts, publishing as immutable versions, lifecycle, time-travel preview. */

/** What `validateFlow` checks references against: the channel's tags, fields and flows. */
async function validationContextFor(ctx: StaffContext, flowId?: string): Promise<ValidationContext> {
  const { prisma, actor, channel } = ctx
  const [tags, fields, flows] = await Promise.all([
    prisma.tag.findMany({ where: scope(actor, 'tag', channel.id), select: { id: true } }),
    prisma.friendField.findMany({
      where: scope(actor, 'friendField', channel.id),
      select: { key: true, type: true, options: true },
    }),
    prisma.flow.findMany({ where: scope(actor, 'flow', channel.id), select: { id: true } }),
  ])
  return {
    tagIds: tags.map((t) => t.id),
    fields: Object.fromEntries(
      fields.map((f) => [
        f.key,
        { type: f.type, ...(Array.isArray(f.options) ? { options: f.options.map(String) } : {}) },
      ]),
    ),
    flowIds: flows.map((f) => f.id),
    ...(flowId ? { flowId } : {}),
  }
}

/** A new flow: just a follow trigger with its palette defaults. */
function newDraft(): FlowDefinition {
  const trigger = latestSpec('trigger.follow')
  if (!trigger) throw new Error('trigger.follow is not registered')
  return {
    nodes: [
      {
        id: 'trigger',
        type: trigger.type,
        version: trigger.version,
        params: trigger.defaults,
        position: { x: 0, y: 0 },
      },
    ],
    edges: [],
    settings: { reentry: 'once' },
  }
}

const copySuffix = ' のコピー'

/** A draft the graph rules refuse: the 422 body, with the issues for the editor to pin. */
export interface Refused {
  refused: InvalidFlowBody
}

function refused(issues: FlowError[], before: string): Refused {
  return {
    refused: {
      error: {
        code: 'invalid_flow',
        message: `The scenario has ${issues.length} issue(s) to fix before ${before}`,
        issues,
      },
    },
  }
}

/** Scenarios of the channel with their run counts; archived ones only when asked for. */
export async function listFlows(ctx: StaffContext, status: FlowStatus | undefined) {
  const { prisma, actor, channel } = ctx
  const flows = await prisma.flow.findMany({
    where: { ...scope(actor, 'flow', channel.id), status: status ?? { not: 'archived' } },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
  })
  const runs = { ...scope(actor, 'scenarioRun', channel.id), flowId: { in: flows.map((f) => f.id) } }
  const [byStatus, goals] = await Promise.all([
    prisma.scenarioRun.groupBy({ by: ['flowId', 'status'], where: runs, _count: { _all: true } }),
    prisma.scenarioRun.groupBy({
      by: ['flowId'],
      where: { ...runs, endReason: 'goal' },
      _count: { _all: true },
    }),
  ])
  const count = (flowId: string, statuses: string[]) =>
    byStatus
      .filter((g) => g.flowId === flowId && statuses.includes(g.status))
      .reduce((n, g) => n + g._count._all, 0)
  return {
    items: flows.map((f) => ({
      id: f.id,
      name: f.name,
      description: f.description,
      status: f.status,
      latestVersion: f.latestVersion,
      draftUpdatedAt: f.draftUpdatedAt,
      updatedAt: f.updatedAt,
      running: count(f.id, ['running', 'waiting']),
      completed: count(f.id, ['completed']),
      conversions: goals.find((g) => g.flowId === f.id)?._count._all ?? 0,
    })),
  }
}

/** One scenario: its draft, published versions and the draft's issues. */
export async function flowDetail(ctx: StaffContext, id: string) {
  const flow = await ctx.prisma.flow.findFirst({
    where: { id, ...scope(ctx.actor, 'flow', ctx.channel.id) },
    include: { versions: { select: { version: true, publishedAt: true }, orderBy: { version: 'asc' } } },
  })
  if (!flow) throw new ApiError(404, 'not_found', 'No such flow')
  const vctx = await validationContextFor(ctx, flow.id)
  return {
    id: flow.id,
    name: flow.name,
    description: flow.description,
    status: flow.status,
    latestVersion: flow.latestVersion,
    draft: flow.draft,
    draftUpdatedAt: flow.draftUpdatedAt,
    versions: flow.versions,
    issues: validateFlow(flow.draft, vctx).errors,
  }
}

/** A new scenario in the channel: a draft holding a follow trigger. */
export async function createFlow(ctx: StaffContext, { name, description }: CreateFlowBody) {
  const flow = await staffAction(ctx, 'flow.create', async (tx) => {
    const created = await tx.flow.create({
      data: {
        channelId: ctx.channel.id,
        name,
        description: description ?? '',
        draft: newDraft() as unknown as Prisma.InputJsonValue,
        createdById: ctx.actor.id,
      },
    })
    return {
      result: created,
      target: `flow:${created.id}`,
      details: { name, description: created.description },
    }
  })
  return flowDetail(ctx, flow.id)
}

/** Saves the draft (autosave) and returns its issues; structural errors never get here. */
export async function saveDraft(ctx: StaffContext, id: string, { draft, name, description }: SaveDraftBody) {
  const flow = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, id)
  const [vctx, saved] = await Promise.all([
    validationContextFor(ctx, flow.id),
    staffAction(ctx, 'flow.draft_save', async (tx) => ({
      result: await tx.flow.update({
        where: { id: flow.id },
        data: {
          draft: draft as unknown as Prisma.InputJsonValue,
          draftUpdatedAt: new Date(),
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
        },
        select: { draftUpdatedAt: true },
      }),
      target: `flow:${flow.id}`,
      // Autosave runs often: the audit keeps the shape of the change, not the whole graph.
      details: {
        nodes: draft.nodes.length,
        edges: draft.edges.length,
        ...(name !== undefined && name !== flow.name ? { name: { before: flow.name, after: name } } : {}),
        ...(description !== undefined && description !== flow.description
          ? { description: { before: flow.description, after: description } }
          : {}),
      },
    })),
  ])
  return { draftUpdatedAt: saved.draftUpdatedAt, issues: validateFlow(draft, vctx).errors }
}

/** Publishes the draft as the next immutable version and activates the scenario. */
export async function publishFlow(ctx: StaffContext, id: string) {
  const flow = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, id)
  if (flow.status === 'archived') {
    throw new ApiError(409, 'flow_archived', 'An archived scenario cannot be published')
  }
  const result = validateFlow(flow.draft, await validationContextFor(ctx, flow.id))
  if (!result.ok || !result.flow) return refused(result.errors, 'publishing')
  const definition = result.flow
  const version = await staffAction(ctx, 'flow.publish', async (tx) => {
    const next = flow.latestVersion + 1
    // Guarded on the version read above: a concurrent publish makes this one fail, not fork.
    const { count } = await tx.flow.updateMany({
      where: { id: flow.id, latestVersion: flow.latestVersion, status: { not: 'archived' } },
      data: { latestVersion: next, status: 'active' },
    })
    if (count !== 1) throw new ApiError(409, 'conflict', 'The scenario changed meanwhile; try again')
    await tx.flowVersion.create({
      data: {
        flowId: flow.id,
        version: next,
        definition: definition as unknown as Prisma.InputJsonValue,
        publishedById: ctx.actor.id,
      },
    })
    return {
      result: next,
      target: `flow:${flow.id}`,
      details: { version: next, before: { status: flow.status }, after: { status: 'active' } },
    }
  })
  return { version, status: 'active' as const }
}

const transitions = {
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  archive: { from: ['draft', 'active', 'paused'], to: 'archived' },
} as const

export type FlowTransition = keyof typeof transitions
export const flowTransitions = Object.keys(transitions) as FlowTransition[]

/** Pause, resume or archive a scenario (running friends go on either way). */
export async function transitionFlow(ctx: StaffContext, id: string, verb: FlowTransition) {
  const { from, to } = transitions[verb]
  const flow = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, id)
  if (!(from as readonly string[]).includes(flow.status)) {
    throw new ApiError(409, 'invalid_status', `A ${flow.status} scenario cannot ${verb}`)
  }
  await staffAction(ctx, `flow.${verb}`, async (tx) => {
    const { count } = await tx.flow.updateMany({
      where: { id: flow.id, status: flow.status },
      data: { status: to },
    })
    if (count !== 1) throw new ApiError(409, 'conflict', 'The scenario changed meanwhile; try again')
    return {
      result: undefined,
      target: `flow:${flow.id}`,
      details: { before: { status: flow.status }, after: { status: to } },
    }
  })
  return { status: to }
}

/** Copies the draft into a new scenario of the same channel. */
export async function duplicateFlow(ctx: StaffContext, id: string) {
  const source = await loadAuthorized(ctx.prisma, ctx.actor, 'flow', ctx.channel.id, id)
  const copy = await staffAction(ctx, 'flow.duplicate', async (tx) => {
    const created = await tx.flow.create({
      data: {
        channelId: source.channelId,
        // Kept within the 80 characters a name may have, so the copy can be saved as it is.
        name: `${source.name.slice(0, 80 - copySuffix.length)}${copySuffix}`,
        description: source.description,
        draft: source.draft as Prisma.InputJsonValue,
        createdById: ctx.actor.id,
      },
    })
    return { result: created, target: `flow:${created.id}`, details: { from: source.id, name: created.name } }
  })
  return flowDetail(ctx, copy.id)
}

/** Time-travel preview: plays the draft for a simulated friend (no LINE sends). */
export async function previewFlow(ctx: StaffContext, id: string, body: PreviewBody) {
  const { prisma, actor, channel } = ctx
  const flow = await loadAuthorized(prisma, actor, 'flow', channel.id, id)
  // Graph rules must hold to play it; unknown references do not stop a preview.
  const result = validateFlow(flow.draft)
  if (!result.ok || !result.flow) return refused(result.errors, 'it can be previewed')
  const fieldDefs = await prisma.friendField.findMany({
    where: scope(actor, 'friendField', channel.id),
    select: { key: true, type: true },
  })
  const { startAt, friend, events, seed } = body
  const start = startAt ? Date.parse(startAt) : Date.now()
  const fields: Record<string, FieldValue> = {}
  for (const [key, value] of Object.entries(friend?.fields ?? {})) {
    const type = fieldDefs.find((f) => f.key === key)?.type ?? (typeof value === 'number' ? 'number' : 'text')
    fields[key] = { type, value: fieldValue(type, value) } as FieldValue
  }
  const simFriend: Partial<FriendSnapshot> = {
    ...(friend?.displayName !== undefined ? { displayName: friend.displayName } : {}),
    tags: friend?.tags ?? [],
    fields,
  }
  const simEvents: SimEvent[] = (events ?? []).map((e) => {
    const after = { minutes: e.afterMinutes }
    switch (e.kind) {
      case 'reply':
        return { after, kind: 'reply', text: e.text }
      case 'postback':
        return { after, kind: 'postback', data: e.data }
      case 'tagAdded':
        return { after, kind: 'tagAdded', tagId: e.tagId }
    }
  })
  const sim = await simulateFlow(result.flow, {
    start,
    friend: simFriend,
    events: simEvents,
    channel: channelSettingsOf(channel),
    flowId: flow.id,
    ...(seed !== undefined ? { seed } : {}),
  })
  const iso = (t: number) => new Date(t).toISOString()
  return {
    sends: sim.sends.map((s) => ({ at: iso(s.at), nodeId: s.nodeId, messages: s.messages })),
    trace: sim.trace.map((t) => ({ ...t, at: iso(t.at) })),
    endedWith: { ...sim.endedWith, at: iso(sim.endedWith.at) },
  }
}

/** A preview field value in the runtime's form (datetimes epoch ms). */
function fieldValue(type: string, value: string | number | null): string | number | null {
  if (value === null) return null
  if (type === 'number') return typeof value === 'number' ? value : Number(value)
  if (type === 'datetime') return typeof value === 'number' ? value : Date.parse(value)
  return String(value)
}
