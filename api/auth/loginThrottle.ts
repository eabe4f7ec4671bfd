import type { PrismaClient } from '../../prisma/client'

/**
 * Login rate limits, counted in the LoginAttempt table so every API replica sees the same
 * numbers. Failures are counted per e-mail *and* IP, so someone guessing from one address cannot
 * lock the account's owner out everywhere: after `perAccountIp` failures for one e-mail from one IP
 * within the window, that pair must wait `backoffMs` after its latest failure, doubled by each
 * further failure up to the whole window. Besides, `perIp` failures from one IP (any e-mail) refuse
 * that IP until the oldest counted failure leaves the window. Refused attempts check no password.
 */
export const loginLimits = {
  windowMs: 15 * 60 * 1000,
  perAccountIp: 5,
  backoffMs: 60 * 1000,
  perIp: 20,
} as const

type ThrottleDb = Pick<PrismaClient, 'loginAttempt'>

const accountIpKey = (email: string, ip: string) => `email+ip:${email} ${ip}`
const ipKey = (ip: string) => `ip:${ip}`

/** Counted failures, newest first: at most `limit`, none before `since`. */
function failures(db: ThrottleDb, key: string, since: Date, limit: number) {
  return db.loginAttempt.findMany({
    where: { key, success: false, createdAt: { gt: since } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    select: { createdAt: true },
  })
}

/** When the pair may try again: the wait doubles with each failure past the allowance. */
async function accountIpBlockedUntil(db: ThrottleDb, key: string, windowStart: Date): Promise<number> {
  // A successful login clears the pair's count: the owner got in from there.
  const lastSuccess = await db.loginAttempt.findFirst({
    where: { key, success: true, createdAt: { gt: windowStart } },
    orderBy: { createdAt: 'desc' },
    select: { createdAt: true },
  })
  const { perAccountIp, backoffMs, windowMs } = loginLimits
  // Past this many, the wait is the whole window anyway.
  const counted = perAccountIp + Math.ceil(Math.log2(windowMs / backoffMs))
  const recent = await failures(db, key, lastSuccess?.createdAt ?? windowStart, counted)
  if (recent.length < perAccountIp) return 0
  const wait = Math.min(backoffMs * 2 ** (recent.length - perAccountIp), windowMs)
  return recent[0]!.createdAt.getTime() + wait
}

/** When the `perIp`-th most recent failure from the IP leaves the window. Never cleared by a success:
 * otherwise an attacker holding one account could reset the count between guesses. */
async function ipBlockedUntil(db: ThrottleDb, key: string, windowStart: Date): Promise<number> {
  const oldest = (await failures(db, key, windowStart, loginLimits.perIp))[loginLimits.perIp - 1]
  return oldest ? oldest.createdAt.getTime() + loginLimits.windowMs : 0
}

/** Seconds to wait (for Retry-After) when this login attempt must be refused, else null. */
export async function loginRetryAfter(db: ThrottleDb, email: string, ip: string, now = Date.now()) {
  const windowStart = new Date(now - loginLimits.windowMs)
  const until = Math.max(
    await accountIpBlockedUntil(db, accountIpKey(email, ip), windowStart),
    await ipBlockedUntil(db, ipKey(ip), windowStart),
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
      { key: accountIpKey(email, ip), success, createdAt },
      { key: ipKey(ip), success, createdAt },
    ],
  })
}
