import { describe, expect, it } from 'vitest'
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../../api/auth/password'

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse battery')
    const b = await hashPassword('correct horse battery')
    expect(a).toMatch(/^scrypt\$65536\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
    expect(a).not.toBe(b)
    expect(await verifyPassword('correct horse battery', a)).toBe(true)
    expect(await verifyPassword('correct horse battery', b)).toBe(true)
  })

  it('refuses a wrong password and malformed hashes without throwing', async () => {
    const stored = await hashPassword('correct horse battery')
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
    for (const bad of [
      '',
      'plain',
      stored.replace('scrypt', 'bcrypt'),
      stored.slice(0, -4),
      'scrypt$0$8$1$AA$AA',
    ]) {
      expect(await verifyPassword('correct horse battery', bad)).toBe(false)
    }
  })

  it('verifies hashes made with other parameters (they travel with the hash)', async () => {
    const { scryptSync, randomBytes } = await import('node:crypto')
    const salt = randomBytes(16)
    const key = scryptSync('old password', salt, 32, { N: 1024, r: 8, p: 1 })
    const stored = `scrypt$1024$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`
    expect(await verifyPassword('old password', stored)).toBe(true)
  })

  it('treats full-width and half-width input alike (NFKC)', async () => {
    const stored = await hashPassword('password１２３')
    expect(await verifyPassword('password123', stored)).toBe(true)
  })

  it('spends scrypt time for unknown accounts too, and never matches', async () => {
    await verifyAgainstDummy('warm-up')
    const started = performance.now()
    expect(await verifyAgainstDummy('y'.repeat(12))).toBe(false)
    // N=2^16 scrypt takes well over 20 ms anywhere; a skipped check would take ~0.
    expect(performance.now() - started).toBeGreaterThan(20)
  })
})
