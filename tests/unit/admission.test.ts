import { describe, expect, it } from 'vitest'
import { admission } from '../../api/admission'

describe('webhook admission', () => {
  it('refuses work beyond the bound while earlier work is in flight, and admits again after', async () => {
    const gate = admission(10)
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    const first = gate.tryRun(8, () => held)
    expect(await gate.tryRun(3, async () => {})).toBe(false)
    expect(await gate.tryRun(2, async () => {})).toBe(true)
    release()
    expect(await first).toBe(true)
    expect(await gate.tryRun(10, async () => {})).toBe(true)
  })

  it('admits one request larger than the bound when nothing else is in flight', async () => {
    const gate = admission(5)
    expect(await gate.tryRun(10, async () => {})).toBe(true)
  })

  it('frees its slots when the work fails', async () => {
    const gate = admission(5)
    await expect(gate.tryRun(5, () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    expect(await gate.tryRun(5, async () => {})).toBe(true)
  })
})
