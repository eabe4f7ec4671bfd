import { describe, expect, it } from 'vitest'
import { isResumable, migrationTarget } from '../../flow/migration'
import type { ScenarioMigration } from '../../workflows/contracts/scenario'
import { e, flow, n, say } from '../flow/helpers'

// Where a run waiting at a node of its version goes in the version it is moved to.

const definition = flow(
  [
    n('t', 'trigger.follow'),
    n('a', 'message', say('A')),
    n('w2', 'wait', { mode: 'duration', duration: { days: 1 } }),
  ],
  [e('t', 'a'), e('a', 'w2')],
)
const move = (mapping: Record<string, string>, unmapped: 'end' | 'restart'): ScenarioMigration => ({
  toVersion: 2,
  definition,
  mapping,
  unmapped,
})

describe('migrationTarget', () => {
  it('goes on at the mapped node', () => {
    expect(migrationTarget(move({ w: 'w2' }, 'end'), 'w')).toEqual({ kind: 'node', nodeId: 'w2' })
  })

  it('ends or restarts after the trigger when the node has no counterpart', () => {
    expect(migrationTarget(move({}, 'end'), 'w')).toEqual({ kind: 'end' })
    expect(migrationTarget(move({}, 'restart'), 'w')).toEqual({ kind: 'restart', nodeId: 'a' })
  })

  it('never resumes at a trigger or a node the version lacks', () => {
    expect(isResumable(definition, 't')).toBe(false)
    expect(isResumable(definition, 'nope')).toBe(false)
    expect(migrationTarget(move({ w: 't' }, 'end'), 'w')).toEqual({ kind: 'end' })
    expect(migrationTarget(move({ w: 'gone' }, 'restart'), 'w')).toEqual({ kind: 'restart', nodeId: 'a' })
  })
})
