import { expect, it } from 'vitest'
import { Browser } from './harness'
import { useTestApi } from './useTestApi'

const t = useTestApi({ replica: true })

it('creates exactly one owner when setups race on two replicas', async () => {
  // Different e-mails: the unique index alone would not stop these; the setup lock must.
  const results = await Promise.all(
    Array.from({ length: 4 }, (_, i) =>
      new Browser(i % 2 ? t.replica.url : t.api.url).post('/api/auth/setup', {
        name: `Owner ${i}`,
        email: `owner${i}@example.com`,
        password: 'a long enough password',
      }),
    ),
  )
  expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409])
  expect(await t.api.prisma.staff.count()).toBe(1)
  expect(await t.api.prisma.auditLog.count({ where: { action: 'owner.setup' } })).toBe(1)
})
