import type { Prisma } from '../../prisma/client'
import { staffAction } from '../audit/log'
import { conflictOn } from '../errors'
import { loadAuthorized, scope } from '../policy'
import type { StaffContext } from '../policy/context'

const withCount = { id: true, name: true, _count: { select: { friends: true } } } as const

function view(tag: Prisma.TagGetPayload<{ select: typeof withCount }>) {
  return { id: tag.id, name: tag.name, friendCount: tag._count.friends }
}

const duplicate = (err: unknown, name: string) =>
  conflictOn(err, 'duplicate_tag', `A tag named "${name}" exists already`)

/** The channel's tags with how many friends have each, by name. */
export async function listTags(ctx: StaffContext) {
  const tags = await ctx.prisma.tag.findMany({
    where: scope(ctx.actor, 'tag', ctx.channel.id),
    select: withCount,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  })
  return { items: tags.map(view) }
}

export async function createTag(ctx: StaffContext, name: string) {
  const tag = await staffAction(ctx, 'tag.create', async (tx) => {
    const created = await tx.tag.create({ data: { channelId: ctx.channel.id, name } })
    return { result: created, target: `tag:${created.id}`, details: { name } }
  }).catch((err: unknown) => duplicate(err, name))
  return { id: tag.id, name: tag.name, friendCount: 0 }
}

export async function renameTag(ctx: StaffContext, id: string, name: string) {
  return staffAction(ctx, 'tag.update', async (tx) => {
    const tag = await loadAuthorized(tx, ctx.actor, 'tag', ctx.channel.id, id)
    const renamed = await tx.tag.update({ where: { id: tag.id }, data: { name }, select: withCount })
    return {
      result: view(renamed),
      target: `tag:${tag.id}`,
      details: { before: { name: tag.name }, after: { name } },
    }
  }).catch((err: unknown) => duplicate(err, name))
}

/** Deletes a tag; it comes off every friend (the audit row keeps how many had it). */
export async function deleteTag(ctx: StaffContext, id: string): Promise<void> {
  await staffAction(ctx, 'tag.delete', async (tx) => {
    const tag = await loadAuthorized(tx, ctx.actor, 'tag', ctx.channel.id, id)
    const friendCount = await tx.friendTag.count({ where: { tagId: tag.id } })
    await tx.tag.delete({ where: { id: tag.id } })
    return {
      result: undefined,
      target: `tag:${tag.id}`,
      details: { before: { name: tag.name, friendCount } },
    }
  })
}
