import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Channel, Prisma, PrismaClient } from '../../prisma/client'
import type { ChannelSettings, FieldValue, FriendSnapshot } from '../../flow/context'
import { channelSettingsSchema } from '../../flow/channelSettings'
import { validateFlow, type FlowDefinition } from '../../flow/graph'
import { latestSpec } from '../../flow/registry'
import { simulateFlow, type SimEvent } from '../../flow/sim'
import type { ValidationContext } from '../../flow/spec'
import { audit } from '../audit'
import { flowMigrationRoutes } from '../flowMigration'
import { authOf } from '../auth/guard'
import { messageEditors, requireRole } from '../auth/roles'
import { ApiError } from '../errors'
import { channelQuerySchema, errorResponses, idSchema } from '../schemas/common'
import {
  createFlowBodySchema,
  flowDetailSchema,
  flowIssueSchema,
  flowStatusSchema,
  flowSummarySchema,
  invalidFlowBodySchema,
  previewBodySchema,
  previewResultSchema,
  saveDraftBodySchema,
} from '../schemas/flows'
import { channelFor } from './channels'

/** What `validateFlow` checks references against: the channel's tags, fields and flows. */
export async function validationContextFor(
  prisma: PrismaClient,
  channelId: string,
  flowId?: string,
): Promise<ValidationContext> {
  const [tags, fields, flows] = await Promise.all([
    prisma.tag.findMany({ where: { channelId }, select: { id: true } }),
    prisma.friendField.findMany({ where: { channelId }, select: { key: true, type: true, options: true } }),
    prisma.flow.findMany({ where: { channelId }, select: { id: true } }),
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

/** The channel's delivery settings as the flow runtime reads them. */
export function channelSettingsOf(channel: Pick<Channel, 'timezone' | 'deliveryRules'>): ChannelSettings {
  const rules = channelSettingsSchema.safeParse(channel.deliveryRules).data ?? {}
  return {
    timezone: channel.timezone,
    quietHours: rules.quietHours ?? null,
    frequencyCap: rules.frequencyCap ?? null,
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

const flowParams = z.object({ id: idSchema })

const copySuffix = ' のコピー'

const listQuerySchema = channelQuerySchema.extend({ status: flowStatusSchema.optional() })

/** Scenarios (シナリオ): drafts, publishing as immutable versions, lifecycle, time-travel preview. */
export const flowRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps
  await app.register(flowMigrationRoutes)

  async function flowOr404(id: string) {
    const flow = await prisma.flow.findUnique({ where: { id } })
    if (!flow) throw new ApiError(404, 'not_found', 'No such flow')
    return flow
  }

  async function detail(id: string) {
    const flow = await prisma.flow.findUnique({
      where: { id },
      include: { versions: { select: { version: true, publishedAt: true }, orderBy: { version: 'asc' } } },
    })
    if (!flow) throw new ApiError(404, 'not_found', 'No such flow')
    const ctx = await validationContextFor(prisma, flow.channelId, flow.id)
    return {
      id: flow.id,
      name: flow.name,
      description: flow.description,
      status: flow.status,
      latestVersion: flow.latestVersion,
      draft: flow.draft,
      draftUpdatedAt: flow.draftUpdatedAt,
      versions: flow.versions,
      issues: validateFlow(flow.draft, ctx).errors,
    }
  }

  app.get(
    '/flows',
    {
      schema: {
        tags: ['flows'],
        summary: 'Scenarios of a channel with their run counts (archived ones only when asked for)',
        querystring: listQuerySchema,
        response: {
          200: z.object({ items: z.array(flowSummarySchema) }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { status, channelId } = request.query
      const channel = await channelFor(prisma, channelId)
      const flows = await prisma.flow.findMany({
        where: { channelId: channel.id, status: status ?? { not: 'archived' } },
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      })
      const ids = flows.map((f) => f.id)
      const [byStatus, goals] = await Promise.all([
        prisma.scenarioRun.groupBy({
          by: ['flowId', 'status'],
          where: { flowId: { in: ids } },
          _count: { _all: true },
        }),
        prisma.scenarioRun.groupBy({
          by: ['flowId'],
          where: { flowId: { in: ids }, endReason: 'goal' },
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
    },
  )

  app.post(
    '/flows',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['flows'],
        summary: 'Create a scenario (a draft holding a follow trigger)',
        querystring: channelQuerySchema,
        body: createFlowBodySchema,
        response: { 201: flowDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const channel = await channelFor(prisma, request.query.channelId)
      const { name, description } = request.body
      const flow = await prisma.$transaction(async (tx) => {
        const created = await tx.flow.create({
          data: {
            channelId: channel.id,
            name,
            description: description ?? '',
            draft: newDraft() as unknown as Prisma.InputJsonValue,
            createdById: staff.id,
          },
        })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'flow.create',
          target: `flow:${created.id}`,
          details: { name, description: created.description },
          ip: request.ip,
        })
        return created
      })
      return reply.code(201).send(await detail(flow.id))
    },
  )

  app.get(
    '/flows/:id',
    {
      schema: {
        tags: ['flows'],
        summary: 'A scenario: its draft, published versions and the draft’s issues',
        params: flowParams,
        response: { 200: flowDetailSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => detail(request.params.id),
  )

  app.put(
    '/flows/:id/draft',
    {
      // Up to 500 nodes with flex messages: more than the API's default 1 MiB.
      bodyLimit: 8 * 1024 * 1024,
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['flows'],
        summary: 'Save the draft (autosave): structural errors are refused, other issues returned',
        params: flowParams,
        body: saveDraftBodySchema,
        response: {
          200: z.object({ draftUpdatedAt: z.date(), issues: z.array(flowIssueSchema) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { staff } = authOf(request)
      const flow = await flowOr404(request.params.id)
      const { draft, name, description } = request.body
      const [ctx, saved] = await Promise.all([
        validationContextFor(prisma, flow.channelId, flow.id),
        prisma.$transaction(async (tx) => {
          const updated = await tx.flow.update({
            where: { id: flow.id },
            data: {
              draft: draft as unknown as Prisma.InputJsonValue,
              draftUpdatedAt: new Date(),
              ...(name !== undefined ? { name } : {}),
              ...(description !== undefined ? { description } : {}),
            },
            select: { draftUpdatedAt: true },
          })
          // Autosave runs often: the audit keeps the shape of the change, not the whole graph.
          await audit(tx, {
            actorType: 'staff',
            actorId: staff.id,
            action: 'flow.draft_save',
            target: `flow:${flow.id}`,
            details: {
              nodes: draft.nodes.length,
              edges: draft.edges.length,
              ...(name !== undefined && name !== flow.name
                ? { name: { before: flow.name, after: name } }
                : {}),
              ...(description !== undefined && description !== flow.description
                ? { description: { before: flow.description, after: description } }
                : {}),
            },
            ip: request.ip,
          })
          return updated
        }),
      ])
      return { draftUpdatedAt: saved.draftUpdatedAt, issues: validateFlow(draft, ctx).errors }
    },
  )

  app.post(
    '/flows/:id/publish',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['flows'],
        summary: 'Publish the draft as the next immutable version and activate the scenario',
        params: flowParams,
        response: {
          200: z.object({ version: z.number().int(), status: z.literal('active') }),
          422: invalidFlowBodySchema,
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const flow = await flowOr404(request.params.id)
      if (flow.status === 'archived') {
        throw new ApiError(409, 'flow_archived', 'An archived scenario cannot be published')
      }
      const ctx = await validationContextFor(prisma, flow.channelId, flow.id)
      const result = validateFlow(flow.draft, ctx)
      if (!result.ok || !result.flow) {
        return reply.code(422).send({
          error: {
            code: 'invalid_flow',
            message: `The scenario has ${result.errors.length} issue(s) to fix before publishing`,
            issues: result.errors,
          },
        })
      }
      const definition = result.flow
      const version = await prisma.$transaction(async (tx) => {
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
            publishedById: staff.id,
          },
        })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'flow.publish',
          target: `flow:${flow.id}`,
          details: { version: next, before: { status: flow.status }, after: { status: 'active' } },
          ip: request.ip,
        })
        return next
      })
      return { version, status: 'active' as const }
    },
  )

  const transitions = {
    pause: { from: ['active'], to: 'paused' },
    resume: { from: ['paused'], to: 'active' },
    archive: { from: ['draft', 'active', 'paused'], to: 'archived' },
  } as const

  for (const [verb, { from, to }] of Object.entries(transitions)) {
    app.post(
      `/flows/:id/${verb}`,
      {
        onRequest: requireRole(...messageEditors),
        schema: {
          tags: ['flows'],
          summary: {
            pause: 'Pause: no new entries (running friends go on)',
            resume: 'Resume a paused scenario',
            archive: 'Archive: hidden, no new entries, cannot be published',
          }[verb],
          params: flowParams,
          response: {
            200: z.object({ status: flowStatusSchema }),
            ...errorResponses(400, 401, 403, 404, 409),
          },
        },
      },
      async (request) => {
        const { staff } = authOf(request)
        const flow = await flowOr404(request.params.id)
        if (!(from as readonly string[]).includes(flow.status)) {
          throw new ApiError(409, 'invalid_status', `A ${flow.status} scenario cannot ${verb}`)
        }
        await prisma.$transaction(async (tx) => {
          const { count } = await tx.flow.updateMany({
            where: { id: flow.id, status: flow.status },
            data: { status: to },
          })
          if (count !== 1) throw new ApiError(409, 'conflict', 'The scenario changed meanwhile; try again')
          await audit(tx, {
            actorType: 'staff',
            actorId: staff.id,
            action: `flow.${verb}`,
            target: `flow:${flow.id}`,
            details: { before: { status: flow.status }, after: { status: to } },
            ip: request.ip,
          })
        })
        return { status: to }
      },
    )
  }

  app.post(
    '/flows/:id/duplicate',
    {
      onRequest: requireRole(...messageEditors),
      schema: {
        tags: ['flows'],
        summary: 'Copy the draft into a new scenario',
        params: flowParams,
        response: { 201: flowDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { staff } = authOf(request)
      const source = await flowOr404(request.params.id)
      const copy = await prisma.$transaction(async (tx) => {
        const created = await tx.flow.create({
          data: {
            channelId: source.channelId,
            // Kept within the 80 characters a name may have, so the copy can be saved as it is.
            name: `${source.name.slice(0, 80 - copySuffix.length)}${copySuffix}`,
            description: source.description,
            draft: source.draft as Prisma.InputJsonValue,
            createdById: staff.id,
          },
        })
        await audit(tx, {
          actorType: 'staff',
          actorId: staff.id,
          action: 'flow.duplicate',
          target: `flow:${created.id}`,
          details: { from: source.id, name: created.name },
          ip: request.ip,
        })
        return created
      })
      return reply.code(201).send(await detail(copy.id))
    },
  )

  app.post(
    '/flows/:id/preview',
    {
      schema: {
        tags: ['flows'],
        summary: 'Time-travel preview: play the draft for a simulated friend (no LINE sends)',
        params: flowParams,
        body: previewBodySchema,
        response: { 200: previewResultSchema, 422: invalidFlowBodySchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const flow = await flowOr404(request.params.id)
      // Graph rules must hold to play it; unknown references do not stop a preview.
      const result = validateFlow(flow.draft)
      if (!result.ok || !result.flow) {
        return reply.code(422).send({
          error: {
            code: 'invalid_flow',
            message: `The scenario has ${result.errors.length} issue(s) to fix before it can be previewed`,
            issues: result.errors,
          },
        })
      }
      const channel = await prisma.channel.findUniqueOrThrow({ where: { id: flow.channelId } })
      const fieldDefs = await prisma.friendField.findMany({
        where: { channelId: flow.channelId },
        select: { key: true, type: true },
      })
      const { startAt, friend, events, seed } = request.body
      const start = startAt ? Date.parse(startAt) : Date.now()
      const fields: Record<string, FieldValue> = {}
      for (const [key, value] of Object.entries(friend?.fields ?? {})) {
        const type =
          fieldDefs.find((f) => f.key === key)?.type ?? (typeof value === 'number' ? 'number' : 'text')
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
    },
  )
}

/** A preview field value in the runtime's form (datetimes epoch ms). */
function fieldValue(type: string, value: string | number | null): string | number | null {
  if (value === null) return null
  if (type === 'number') return typeof value === 'number' ? value : Number(value)
  if (type === 'datetime') return typeof value === 'number' ? value : Date.parse(value)
  return String(value)
}
