import { Worker } from '@temporalio/worker'
import { describe, expect, it } from 'vitest'
import { workflowBundle } from '../../stack/worker'
import { recordedHistories } from './recorded'

/**
 * Runs recorded on a real Temporal by an earlier version of the code, replayed by this one: a change
 * to the interpreter or the workflows that would make runs already in flight take another path
 * (nondeterminism) fails here. Record new ones with ENISHI_RECORD_HISTORIES=1 (see the split test).
 */
describe('recorded histories', () => {
  it('replay without nondeterminism', async () => {
    const histories = await recordedHistories()
    expect(histories.length).toBeGreaterThan(0)
    const bundle = await workflowBundle()
    for (const { file, workflowId, history } of histories) {
      await expect(
        Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId),
        file,
      ).resolves.toBeUndefined()
    }
  }, 120_000)
})
