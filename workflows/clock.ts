/**
 * Time and randomness for workflow code. Inside Temporal's workflow sandbox `Date` is the workflow's
 * clock (the time of the current workflow task, replayed identically) and `Math.random` is seeded
 * per run, so both are deterministic there; lint forbids them elsewhere in workflows/ and flow/, and
 * these two wrappers are the only places that use them.
 */

/** Workflow time, epoch ms. */
// eslint-disable-next-line no-restricted-globals -- deterministic in Temporal's sandbox (workflow task time)
export const workflowNow = (): number => Date.now()

/** The workflow's seeded random number in [0, 1). */
// eslint-disable-next-line no-restricted-properties -- deterministic in Temporal's sandbox (seeded per run)
export const workflowRandom = (): number => Math.random()
