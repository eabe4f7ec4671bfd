import type { Prisma, PrismaClient } from '../../prisma/client'
import type { StaffRole } from '../../prisma/client'
import { ApiError } from '../errors'
import {
  features,
  memberDefaults,
  roleLevels,
  type Action,
  type Feature,
  type FeatureLevels,
  type Level,
} from './rules'

export { features, type Action, type Feature, type Level } from './rules'

/**
 * Who is acting. Staff act by role (一般 by grants); operators, when they come, act through a
 * permission set that also narrows the friends they see (`friendTagIds`).
 */
export type Actor =
  | { kind: 'staff'; id: string; role: StaffRole; grants?: Partial<FeatureLevels> }
  | { kind: 'operator'; id: string; levels: Partial<FeatureLevels>; friendTagIds: string[] | 'all' }

const rank: Record<Level, number> = { none: 0, view: 1, edit: 2 }

export function levelOf(actor: Actor, feature: Feature): Level {
  if (actor.kind === 'operator') return actor.levels[feature] ?? 'none'
  if (actor.role === 'member') return actor.grants?.[feature] ?? memberDefaults[feature]
  return roleLevels[actor.role][feature]
}

/** A channel-scoped object: the actor must reach its channel too. */
export interface ChannelResource {
  channelId: string
}

/**
 * The one authorization question. Every channel is open to every staff member today; per-channel
 * staff and operator assignments will narrow `resource` here and nowhere else.
 */
export function can(actor: Actor, action: Action, _resource?: ChannelResource): boolean {
  const [feature, wanted] = action.split('.') as [Feature, 'view' | 'edit']
  return rank[levelOf(actor, feature)] >= rank[wanted]
}

export type Abilities = Record<Feature, { view: boolean; edit: boolean }>

/** What `/auth/state` reports, so the studio shows only what the API will allow. */
export function abilitiesOf(actor: Actor): Abilities {
  return Object.fromEntries(
    features.map((f) => [f, { view: can(actor, `${f}.view`), edit: can(actor, `${f}.edit`) }]),
  ) as Abilities
}

/** The Prisma `where` of each channel-scoped model an actor may reach. */
interface Scopes {
  friend: Prisma.FriendWhereInput
  flow: Prisma.FlowWhereInput
  tag: Prisma.TagWhereInput
  friendField: Prisma.FriendFieldWhereInput
  reminderSet: Prisma.ReminderSetWhereInput
  reminderRun: Prisma.ReminderRunWhereInput
  scenarioRun: Prisma.ScenarioRunWhereInput
  notification: Prisma.StaffNotificationWhereInput
}
export type ScopedModel = keyof Scopes

/** Friends narrowed by an operator's tags; everything else by channel alone. */
function friendWhere(actor: Actor): Prisma.FriendWhereInput {
  if (actor.kind === 'operator' && actor.friendTagIds !== 'all') {
    return { tags: { some: { tagId: { in: actor.friendTagIds } } } }
  }
  return {}
}

/**
 * What `actor` may see of `model` in `channelId`, as a Prisma `where` that every lookup, list,
 * count and export applies. Objects outside it answer 404, as if they did not exist.
 */
export function scope<M extends ScopedModel>(actor: Actor, model: M, channelId: string): Scopes[M] {
  const friend = friendWhere(actor)
  const narrowed = Object.keys(friend).length > 0
  const where: { [K in ScopedModel]: Scopes[K] } = {
    friend: { channelId, ...friend },
    flow: { channelId },
    tag: { channelId },
    friendField: { channelId },
    reminderSet: { channelId },
    reminderRun: { channelId, ...(narrowed ? { friend } : {}) },
    scenarioRun: { channelId, ...(narrowed ? { friend } : {}) },
    notification: { channelId },
  }
  return where[model]
}

type Db = PrismaClient | Prisma.TransactionClient

// One finder per model: Prisma's delegates share no callable type, so each is spelled out.
const finders = {
  friend: (db: Db, where: Prisma.FriendWhereInput) => db.friend.findFirst({ where }),
  flow: (db: Db, where: Prisma.FlowWhereInput) => db.flow.findFirst({ where }),
  tag: (db: Db, where: Prisma.TagWhereInput) => db.tag.findFirst({ where }),
  friendField: (db: Db, where: Prisma.FriendFieldWhereInput) => db.friendField.findFirst({ where }),
  reminderSet: (db: Db, where: Prisma.ReminderSetWhereInput) => db.reminderSet.findFirst({ where }),
  reminderRun: (db: Db, where: Prisma.ReminderRunWhereInput) => db.reminderRun.findFirst({ where }),
  scenarioRun: (db: Db, where: Prisma.ScenarioRunWhereInput) => db.scenarioRun.findFirst({ where }),
  notification: (db: Db, where: Prisma.StaffNotificationWhereInput) =>
    db.staffNotification.findFirst({ where }),
} satisfies { [K in ScopedModel]: (db: Db, where: Scopes[K]) => Promise<unknown> }

type Loaded<M extends ScopedModel> = NonNullable<Awaited<ReturnType<(typeof finders)[M]>>>

const notFoundNames: Record<ScopedModel, string> = {
  friend: 'No such friend',
  flow: 'No such flow',
  tag: 'No such tag',
  friendField: 'No such field',
  reminderSet: 'No such reminder set',
  reminderRun: 'No such reminder run',
  scenarioRun: 'No such run',
  notification: 'No such notification',
}

/** Loads one object by ID inside the actor's scope of a channel, or answers 404. */
export async function loadAuthorized<M extends ScopedModel>(
  db: Db,
  actor: Actor,
  model: M,
  channelId: string,
  id: string,
): Promise<Loaded<M>> {
  const where = { id, ...scope(actor, model, channelId) }
  const row = await (finders[model] as (db: Db, where: Scopes[M]) => Promise<Loaded<M> | null>)(db, where)
  if (!row) throw new ApiError(404, 'not_found', notFoundNames[model])
  return row
}
