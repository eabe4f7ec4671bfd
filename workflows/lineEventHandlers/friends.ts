import { dbSteps as acts } from '../proxies'
import type { LineEventRoute } from './types'

/** Who sent the event: follow and unfollow keep the friend's state; anything else only ensures a row. */
export const friendOf = {
  follow: (input) => acts.followFriend(input),
  unfollow: (input) => acts.unfollowFriend(input),
  any: ({ channelId, lineUserId }) => acts.ensureFriend({ channelId, lineUserId }),
} satisfies Record<string, LineEventRoute['friend']>
