import type { SignalDefinition } from '@temporalio/common'

/** The arguments a signal definition takes, for typed senders. */
export type SignalArgs<S> = S extends SignalDefinition<infer Args> ? Args : never
