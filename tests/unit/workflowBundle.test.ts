import { describe, expect, it } from 'vitest'
import { workflowBundle } from '../../stack/worker'

describe('workflow bundle', () => {
  it('holds the flow runtime but no zod and no node spec: Temporal evaluates it again for every run', async () => {
    const { code } = await workflowBundle()
    const modules = [...code.matchAll(/^\/\*\*\*\/ "([^"]+)"/gm)].map((m) => m[1]!)
    expect(modules).toContain('./flow/interpreter.ts')
    expect(modules).toContain('./flow/nodes/message/run.ts')
    expect(modules.filter((m) => m.includes('node_modules/zod/'))).toEqual([])
    expect(modules.filter((m) => /\/spec\.ts$|\/graph\.ts$/.test(m) && m !== './flow/spec.ts')).toEqual([])
  }, 60_000)
})
