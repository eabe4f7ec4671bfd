import type { FriendField } from '../../prisma/client'
import { staffAction } from '../audit/log'
import { ApiError, conflictOn } from '../errors'
import { loadAuthorized, scope } from '../policy'
import type { StaffContext } from '../policy/context'
import type { CreateFieldBody, UpdateFieldBody } from './schemas'

function view(field: FriendField) {
  return {
    id: field.id,
    key: field.key,
    name: field.name,
    type: field.type,
    options: Array.isArray(field.options) ? field.options.map(String) : null,
  }
}

export async function listFields(ctx: StaffContext) {
  const fields = await ctx.prisma.friendField.findMany({
    where: scope(ctx.actor, 'friendField', ctx.channel.id),
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  return { items: fields.map(view) }
}

export async function createField(ctx: StaffContext, body: CreateFieldBody) {
  const { key, name, type, options } = body
  const field = await staffAction(ctx, 'field.create', async (tx) => {
    const created = await tx.friendField.create({
      data: { channelId: ctx.channel.id, key, name, type, ...(options ? { options } : {}) },
    })
    return {
      result: created,
      target: `field:${created.id}`,
      details: { key, name, type, options: options ?? null },
    }
  }).catch((err: unknown) => conflictOn(err, 'duplicate_field', `A field with key "${key}" exists already`))
  return view(field)
}

/** Renames a field or replaces a select field's options; key and type never change. */
export async function updateField(ctx: StaffContext, id: string, body: UpdateFieldBody) {
  const { name, options } = body
  return staffAction(ctx, 'field.update', async (tx) => {
    const field = await loadAuthorized(tx, ctx.actor, 'friendField', ctx.channel.id, id)
    if (options && field.type !== 'select') {
      throw new ApiError(400, 'invalid_request', 'Only select fields have options', [
        { path: 'body.options', message: 'Only select fields have options' },
      ])
    }
    const after = view(
      await tx.friendField.update({
        where: { id: field.id },
        data: { ...(name !== undefined ? { name } : {}), ...(options ? { options } : {}) },
      }),
    )
    const before = view(field)
    return {
      result: after,
      target: `field:${field.id}`,
      details: {
        before: { name: before.name, options: before.options },
        after: { name: after.name, options: after.options },
      },
    }
  })
}

/** Deletes a field and every friend's value of it. */
export async function deleteField(ctx: StaffContext, id: string): Promise<void> {
  await staffAction(ctx, 'field.delete', async (tx) => {
    const field = await loadAuthorized(tx, ctx.actor, 'friendField', ctx.channel.id, id)
    await tx.friendField.delete({ where: { id: field.id } })
    return { result: undefined, target: `field:${field.id}`, details: { before: view(field) } }
  })
}
