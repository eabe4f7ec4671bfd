import { describe, expect, it } from 'vitest'
import { isTemporalBusy } from '../../api/lineEvents'

/** The shape of @grpc/grpc-js's ServiceError, as the Temporal client checks it. */
function grpcError(code: number): Error {
  return Object.assign(new Error(`grpc ${code}`), { code, details: 'x', metadata: {} })
}

describe('isTemporalBusy', () => {
  it('sees timeouts, throttling and brief unavailability through the client wrapper', () => {
    for (const code of [1, 4, 8, 10, 14]) {
      expect(isTemporalBusy(new Error('Failed to start Workflow', { cause: grpcError(code) }))).toBe(true)
    }
  })

  it('does not take a rejected request (bad argument, unknown namespace) or a plain error for busy', () => {
    for (const code of [3, 5, 7, 9, 13]) {
      expect(isTemporalBusy(new Error('Failed to start Workflow', { cause: grpcError(code) }))).toBe(false)
    }
    expect(isTemporalBusy(new Error('boom'))).toBe(false)
    expect(isTemporalBusy('nope')).toBe(false)
  })
})
