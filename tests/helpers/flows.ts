import { expect } from 'vitest'
import { validateFlow, type FlowDefinition } from '../../flow/graph'
import type { TestStack } from './stack'

/** Stores a valid flow as active with version 1 published, straight in the database; returns its ID. */
export async function publishFlow(
  stack: TestStack,
  name: string,
  definition: FlowDefinition,
): Promise<string> {
  expect(validateFlow(definition).errors).toEqual([])
  const row = await stack.prisma.flow.create({
    data: {
      channelId: stack.channel.id,
      name,
      status: 'active',
      draft: definition as object,
      latestVersion: 1,
      versions: { create: { version: 1, definition: definition as object } },
    },
  })
  return row.id
}
