import { afterAll, beforeAll, inject } from 'vitest'
import type { StaffRole } from '../../prisma/client'
import {
  createDefaultChannel,
  setUpOwner,
  signIn,
  startApi,
  startTestApi,
  type Browser,
  type RunningApi,
  type TestApi,
} from './harness'

export interface TestApiOptions {
  /** Staff signed in, one browser each; the owner is set up through the API before the others exist. */
  roles?: readonly StaffRole[]
  /** Creates the default channel (after the owner, before the other staff). */
  channel?: boolean
  /** The shared Temporal dev server instead of a closed port, for tests that reach workflows. */
  temporal?: boolean
  /** A second API on the same database, for limits and locks that must hold across replicas. */
  replica?: boolean
}

export type TestApiFixture = Readonly<Record<StaffRole, Browser>> & {
  readonly api: TestApi
  readonly channelId: string
  readonly replica: RunningApi
}

/**
 * One API on a fresh database for the test file: started (with the staff and channel asked for)
 * before its tests, stopped after them. The fields are getters because they exist only once
 * `beforeAll` has run; the file's own `beforeAll` hooks run after this one and may set up more.
 */
export function useTestApi(options: TestApiOptions = {}): TestApiFixture {
  const roles = options.roles ?? []
  let api: TestApi | undefined
  let replica: RunningApi | undefined
  let channelId: string | undefined
  const browsers: Partial<Record<StaffRole, Browser>> = {}
  beforeAll(async () => {
    api = await startTestApi({}, options.temporal ? inject('temporalAddress') : undefined)
    if (options.replica) replica = await startApi(api.prisma)
    if (roles.includes('owner')) browsers.owner = await setUpOwner(api.url)
    if (options.channel) channelId = (await createDefaultChannel(api.prisma)).id
    for (const role of roles.filter((r) => r !== 'owner')) browsers[role] = await signIn(api, role)
  })
  afterAll(async () => {
    await replica?.close()
    await api?.close()
  })

  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useTestApi: ${name} was not asked for or is not set up yet`)
    return value
  }
  const fixture = {
    get api() {
      return ready(api, 'api')
    },
    get channelId() {
      return ready(channelId, 'channel')
    },
    get replica() {
      return ready(replica, 'replica')
    },
  }
  for (const role of ['owner', 'admin', 'manager', 'member'] as const) {
    Object.defineProperty(fixture, role, { get: () => ready(browsers[role], role) })
  }
  return fixture as TestApiFixture
}
