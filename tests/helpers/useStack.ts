import { afterAll, beforeAll, inject } from 'vitest'
import { startStack, type StackOptions, type TestStack } from './stack'

/**
 * The whole product for one test file: started before its tests (and handed to `use`, which may set
 * up more), stopped after them. Apart from `stack.ts` because the benchmarks start stacks without vitest.
 */
export function useStack(
  use: (stack: TestStack) => unknown,
  options: Omit<StackOptions, 'temporalAddress'> = {},
  timeoutMs?: number,
): void {
  let stack: TestStack | undefined
  beforeAll(async () => {
    stack = await startStack({ temporalAddress: inject('temporalAddress'), ...options })
    await use(stack)
  }, timeoutMs)
  afterAll(() => stack?.stop())
}
