import { HTTPFetchError } from '@line/bot-sdk'
import { isUniqueViolation, type PrismaClient } from '../prisma/client'
import { toActivityFailure, type LineClients } from './line'

export interface FriendRef {
  friendId: string
  displayName: string
}

/**
 * Prisma's upsert reads, then inserts: two events of a new friend at once make one insert fail on
 * the unique key. The second try finds the row and updates it.
 */
async function upsertRacing<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert()
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    return upsert()
  }
}

export function friendActivities(prisma: PrismaClient, line: LineClients) {
  /** The LINE profile, or nothing when LINE says it is unavailable (404: blocked or not a friend). */
  async function fetchProfile(channelId: string, lineUserId: string) {
    const client = await line.forChannel(channelId)
    try {
      return await client.getProfile(lineUserId)
    } catch (err) {
      if (err instanceof HTTPFetchError && err.status === 404) return undefined
      throw toActivityFailure(err)
    }
  }

  return {
    /** Follow (or unblock): the friend row with a fresh profile, status back to following. */
    async followFriend(input: { channelId: string; lineUserId: string; at: number }): Promise<FriendRef> {
      const profile = await fetchProfile(input.channelId, input.lineUserId)
      const details = {
        displayName: profile?.displayName ?? '',
        pictureUrl: profile?.pictureUrl ?? null,
        statusMessage: profile?.statusMessage ?? null,
        language: profile?.language ?? null,
      }
      const followedAt = new Date(input.at)
      const friend = await upsertRacing(() =>
        prisma.friend.upsert({
          where: { channelId_lineUserId: { channelId: input.channelId, lineUserId: input.lineUserId } },
          update: { ...details, status: 'following', followedAt, blockedAt: null },
          create: { channelId: input.channelId, lineUserId: input.lineUserId, ...details, followedAt },
        }),
      )
      return { friendId: friend.id, displayName: friend.displayName }
    },

    /** Block: the friend stays with their history, marked blocked. */
    async unfollowFriend(input: { channelId: string; lineUserId: string; at: number }): Promise<FriendRef> {
      const blockedAt = new Date(input.at)
      const friend = await upsertRacing(() =>
        prisma.friend.upsert({
          where: { channelId_lineUserId: { channelId: input.channelId, lineUserId: input.lineUserId } },
          update: { status: 'blocked', blockedAt },
          create: { channelId: input.channelId, lineUserId: input.lineUserId, status: 'blocked', blockedAt },
        }),
      )
      return { friendId: friend.id, displayName: friend.displayName }
    },

    /** A friend we have never seen follow (e.g. added before Enishi was connected): create them. */
    async ensureFriend(input: { channelId: string; lineUserId: string }): Promise<FriendRef> {
      const key = { channelId: input.channelId, lineUserId: input.lineUserId }
      const existing = await prisma.friend.findUnique({ where: { channelId_lineUserId: key } })
      if (existing) return { friendId: existing.id, displayName: existing.displayName }
      const profile = await fetchProfile(input.channelId, input.lineUserId)
      const friend = await upsertRacing(() =>
        prisma.friend.upsert({
          where: { channelId_lineUserId: key },
          update: {},
          create: {
            ...key,
            displayName: profile?.displayName ?? '',
            pictureUrl: profile?.pictureUrl ?? null,
            statusMessage: profile?.statusMessage ?? null,
            language: profile?.language ?? null,
          },
        }),
      )
      return { friendId: friend.id, displayName: friend.displayName }
    },
  }
}
