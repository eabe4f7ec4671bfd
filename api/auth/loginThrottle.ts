import type { PrismaClient } from '../../prisma/client'

/**
 * Login rate limits, counted in the LoginAttempt table so every API replica sees the same
 * numbers. After `perEmail` failures for one e-mail (or `perIp` from one IP) within the window,
 * further attempts are refused without checking the password until the oldest counted failure
 * leaves the window.
 */
export const loginLimits = { windowMs: 15 * 60 * 1000, perEmail: 5, perIp: 20 } as const

type ThrottleDb = Pick<PrismaClient, 'loginAttempt'>

const emailKey = (email: string) => `email:${email}`
const ipKey = (ip: string) => `ip:${ip}`

/** When the `limit`-th most recent failure since `since` leaves the window, or null if not blocked. */
async function blockedUntil(db: ThrottleDb, key: string, since: Date, limit: number): Promise<number | null> {
  const failures = await db.loginAttempt.findMany({
    where: { key, success: false, createdAt: { gt: since } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { createdAt: true },
  })
  const oldest = failures[limit - 1]
  return oldest ? oldest.createdAt.getTime() + loginLimits.windowMs : null
}

/** Seconds to wait (for Retry-After) when this login attempt must be refused, else null. */
export async function loginRetryAfter(db: ThrottleDb, email: string, ip: string, now = Date.now()) {
  const windowStart = new Date(now - loginLimits.windowMs)
  // A successful login clears the e-mail's count (the owner got in), but never the IP's:
  // otherwise an attacker holding one account could reset the counter between guesses.
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { key: emailKey(email), success: true, createdAt: { gt: windowStart } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  })
  const emailSince = lastSuccess ? lastSuccess.createdAt : windowStart
  const until = Math.max(
    (await blockedUntil(db, emailKey(email), emailSince, loginLimits.perEmail)) ?? 0,
    (await blockedUntil(db, ipKey(ip), windowStart, loginLimits.perIp)) ?? 0,
  )
  return until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : null
}

export async function recordLoginAttempt(
  db: ThrottleDb,
  email: string,
  ip: string,
  success: boolean,
  now = Date.now(),
): Promise<void> {
  const createdAt = new Date(now)
  await db.loginAttempt.createMany({
    data: [
      { key: emailKey(email), success, createdAt },
      { key: ipKey(ip), success, createdAt },
    ],
  })
}
