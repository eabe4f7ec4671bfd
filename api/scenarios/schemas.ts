import { z } from 'zod'
import { flowDefinitionSchema } from '../../flow/graph'
import { flowDescriptionMaxLength, flowNameMaxLength, previewDisplayNameMaxLength } from '../../flow/limits'
import { channelQuerySchema, errorBodySchema, idParamsSchema, pageQuerySchema } from '../schemas/common'

/** Schemas of the scenario (flow), run and version routes. */

export const flowStatusSchema = z.enum(['draft', 'active', 'paused', 'archived'])
export type FlowStatus = z.infer<typeof flowStatusSchema>
export const runStatusSchema = z.enum(['running', 'waiting', 'completed', 'failed', 'cancelled'])

export const flowListQuerySchema = channelQuerySchema.extend({ status: flowStatusSchema.optional() })

const textSchema = z.object({ ja: z.string(), en: z.string() })

/** One `validateFlow` finding, pinned by the editor on its node / edge / field. */
export const flowIssueSchema = z.object({
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  path: z.string().optional(),
  port: z.string().optional(),
  code: z.string(),
  message: textSchema,
})

export const flowNameSchema = z.string().trim().min(1).max(flowNameMaxLength)
export const flowDescriptionSchema = z.string().trim().max(flowDescriptionMaxLength)

export const flowSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: flowStatusSchema,
  latestVersion: z.number().int(),
  draftUpdatedAt: z.date(),
  updatedAt: z.date(),
  /** Runs in progress (running or waiting). */
  running: z.number().int(),
  completed: z.number().int(),
  /** Runs that ended at a goal. */
  conversions: z.number().int(),
})

export const flowListSchema = z.object({ items: z.array(flowSummarySchema) })

export const flowDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: flowStatusSchema,
  latestVersion: z.number().int(),
  /** The editor's graph (flow/graph.ts `FlowDefinition`). */
  draft: z.unknown(),
  draftUpdatedAt: z.date(),
  versions: z.array(z.object({ version: z.number().int(), publishedAt: z.date() })),
  /** `validateFlow` of the draft against the channel's tags, fields and flows. */
  issues: z.array(flowIssueSchema),
})

export const createFlowBodySchema = z.object({
  name: flowNameSchema,
  description: flowDescriptionSchema.optional(),
})

export const saveDraftBodySchema = z.object({
  /** Must match the graph's structure; semantic issues are returned, not refused. */
  draft: flowDefinitionSchema,
  name: flowNameSchema.optional(),
  description: flowDescriptionSchema.optional(),
})

export type CreateFlowBody = z.infer<typeof createFlowBodySchema>
export type SaveDraftBody = z.infer<typeof saveDraftBodySchema>

export const savedDraftSchema = z.object({ draftUpdatedAt: z.date(), issues: z.array(flowIssueSchema) })

export const publishResultSchema = z.object({ version: z.number().int(), status: z.literal('active') })

/** A lifecycle transition's result (pause, resume, archive). */
export const flowStatusResultSchema = z.object({ status: flowStatusSchema })

/** 422 when a flow cannot be published: the error body plus the issues to pin. */
export const invalidFlowBodySchema = z.object({
  error: errorBodySchema.shape.error.extend({ issues: z.array(flowIssueSchema) }),
})
export type InvalidFlowBody = z.infer<typeof invalidFlowBodySchema>

export const previewBodySchema = z.object({
  /** The simulated start (default: now). */
  startAt: z.iso.datetime({ offset: true }).optional(),
  friend: z
    .object({
      displayName: z.string().max(previewDisplayNameMaxLength).optional(),
      /** Tag IDs the friend has at the start. */
      tags: z.array(z.string().min(1).max(100)).max(100).optional(),
      /** Field values by key (dates `YYYY-MM-DD`, datetimes epoch ms or ISO). */
      fields: z
        .record(z.string().min(1).max(20), z.union([z.string().max(1000), z.number(), z.null()]))
        .optional(),
    })
    .optional(),
  /** What the simulated friend does, minutes after the start. */
  events: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({
          afterMinutes: z
            .number()
            .min(0)
            .max(400 * 24 * 60),
          kind: z.literal('reply'),
          text: z.string().max(5000),
        }),
        z.object({
          afterMinutes: z
            .number()
            .min(0)
            .max(400 * 24 * 60),
          kind: z.literal('postback'),
          data: z.string().max(300),
        }),
        z.object({
          afterMinutes: z
            .number()
            .min(0)
            .max(400 * 24 * 60),
          kind: z.literal('tagAdded'),
          tagId: z.string().min(1).max(100),
        }),
      ]),
    )
    .max(100)
    .optional(),
  seed: z.union([z.number().int(), z.string().max(100)]).optional(),
})

export type PreviewBody = z.infer<typeof previewBodySchema>

export const previewResultSchema = z.object({
  sends: z.array(z.object({ at: z.string(), nodeId: z.string(), messages: z.array(z.unknown()) })),
  /** The simulated run's trace (`at` as ISO). */
  trace: z.array(
    z.object({
      at: z.string(),
      event: z.string(),
      nodeId: z.string().optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  endedWith: z.object({
    reason: z.string(),
    at: z.string(),
    nodeId: z.string().optional(),
    goal: z.object({ name: z.string(), value: z.number().optional() }).optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
  }),
})

export const runListQuerySchema = pageQuerySchema
  .extend({ status: runStatusSchema.optional() })
  .extend(channelQuerySchema.shape)
export type RunListQuery = z.infer<typeof runListQuerySchema>

export const runSummarySchema = z.object({
  id: z.string(),
  flowId: z.string(),
  flowName: z.string(),
  friend: z.object({ id: z.string(), displayName: z.string(), pictureUrl: z.string().nullable() }),
  version: z.number().int(),
  status: runStatusSchema,
  currentNodeId: z.string().nullable(),
  nextFireAt: z.date().nullable(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  endReason: z.string().nullable(),
  workflowId: z.string(),
})

export const runDetailSchema = runSummarySchema.extend({
  goal: z.unknown(),
  trigger: z.unknown(),
  steps: z.array(
    z.object({ at: z.date(), event: z.string(), nodeId: z.string().nullable(), data: z.unknown() }),
  ),
  /** The run's workflow in the Temporal Web UI. */
  temporalUiUrl: z.string(),
})

export const runCancelResultSchema = z.object({ ok: z.literal(true) })

/** Versions, moving running friends to the newest one, and stopping a scenario's runs. */

export const flowVersionParamsSchema = idParamsSchema.extend({ version: z.coerce.number().int().min(1) })

const publisherSchema = z.object({ id: z.string(), name: z.string() }).nullable()

export const flowVersionSummarySchema = z.object({
  version: z.number().int(),
  publishedAt: z.date(),
  /** Who published it (null when unknown or since removed). */
  publishedBy: publisherSchema,
  /** Runs in progress (running or waiting) on this version. */
  running: z.number().int(),
})

export const flowVersionListSchema = z.object({ items: z.array(flowVersionSummarySchema) })

export const flowVersionDetailSchema = z.object({
  version: z.number().int(),
  publishedAt: z.date(),
  publishedBy: publisherSchema,
  /** The immutable published graph (flow/graph.ts `FlowDefinition`). */
  definition: z.unknown(),
})

export const migrationUnmappedSchema = z.enum(['end', 'restart'])

export const migrationPreviewQuerySchema = channelQuerySchema.extend({
  /** The version to move to (default: the newest). */
  to: z.coerce.number().int().min(1).optional(),
})

export const migrationPreviewSchema = z.object({
  toVersion: z.number().int(),
  latestVersion: z.number().int(),
  /** Runs in progress on older versions. */
  total: z.number().int(),
  /** Those runs by version and the node they are at. */
  groups: z.array(
    z.object({
      fromVersion: z.number().int(),
      /** The node the runs wait at (null: not yet at a node). */
      nodeId: z.string().nullable(),
      /** That node's type in their version. */
      fromType: z.string().nullable(),
      count: z.number().int(),
      /** Whether a node with this ID exists in the target version, and its type there. */
      inTarget: z.boolean(),
      targetType: z.string().nullable(),
      /** Same-ID node where a run can go on (not a trigger): moved there unless mapped otherwise. */
      resumable: z.boolean(),
    }),
  ),
  /** Nodes of the target version a run can go on at (the choices for a mapping). */
  targetNodes: z.array(z.object({ id: z.string(), type: z.string(), version: z.number().int() })),
})

export const migrationBodySchema = z.object({
  /** Must be the newest published version. */
  toVersion: z.number().int().min(1),
  /** Node of an older version → node of `toVersion`; same-ID nodes need no entry. */
  mapping: z.record(z.string().min(1).max(64), z.string().min(1).max(64)).optional(),
  /** What happens to a run whose node has no counterpart: end it, or start over after the trigger. */
  unmapped: migrationUnmappedSchema,
})

export type MigrationBody = z.infer<typeof migrationBodySchema>

export const migrationResultSchema = z.object({
  toVersion: z.number().int(),
  /** Runs in progress on older versions, and how many of their workflows were told. */
  runs: z.number().int(),
  signalled: z.number().int(),
  /** Runs whose workflow no longer exists (left as they are). */
  notFound: z.number().int(),
  /** Expected outcomes by the node each run is at now (a run mid-step moves at its next wait). */
  moved: z.number().int(),
  restarted: z.number().int(),
  ended: z.number().int(),
})

export const stopFlowResultSchema = z.object({
  status: flowStatusSchema,
  /** Runs in progress that were told to stop; ones whose workflow is gone are marked cancelled. */
  runs: z.number().int(),
  signalled: z.number().int(),
  notFound: z.number().int(),
})
