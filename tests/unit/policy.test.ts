import { describe, expect, it } from 'vitest'
import { abilitiesOf, can, features, scope, type Actor } from '../../api/policy'

const staff = (role: 'owner' | 'admin' | 'manager' | 'member'): Actor => ({
  kind: 'staff',
  id: `s-${role}`,
  role,
})

describe('policy', () => {
  it('gives owners and 副管理者 every feature', () => {
    for (const role of ['owner', 'admin'] as const) {
      for (const f of features) expect(can(staff(role), `${f}.edit`), `${role} ${f}`).toBe(true)
    }
  })

  it('keeps runs, the audit log and reminder editing from 運用者', () => {
    const manager = staff('manager')
    expect(can(manager, 'scenarios.edit')).toBe(true)
    expect(can(manager, 'runs.view')).toBe(false)
    expect(can(manager, 'audit.view')).toBe(false)
    expect(can(manager, 'reminders.view')).toBe(true)
    expect(can(manager, 'reminders.edit')).toBe(false)
  })

  it('lets 一般 read by default and do what is granted', () => {
    const member: Actor = { kind: 'staff', id: 'm', role: 'member' }
    expect(can(member, 'scenarios.view')).toBe(true)
    expect(can(member, 'scenarios.edit')).toBe(false)
    expect(can(member, 'settings.view')).toBe(false)
    expect(can(member, 'simulator.view')).toBe(false)
    const granted: Actor = { ...member, grants: { scenarios: 'edit', friends: 'none' } }
    expect(can(granted, 'scenarios.edit')).toBe(true)
    expect(can(granted, 'friends.view')).toBe(false)
  })

  it('reports abilities that match can()', () => {
    const abilities = abilitiesOf(staff('manager'))
    for (const f of features) {
      expect(abilities[f]).toEqual({
        view: can(staff('manager'), `${f}.view`),
        edit: can(staff('manager'), `${f}.edit`),
      })
    }
  })

  it('scopes every model to the channel, and an operator’s friends to their tags', () => {
    expect(scope(staff('owner'), 'flow', 'c1')).toEqual({ channelId: 'c1' })
    expect(scope(staff('owner'), 'scenarioRun', 'c1')).toEqual({ channelId: 'c1' })
    const operator: Actor = { kind: 'operator', id: 'o', levels: { friends: 'view' }, friendTagIds: ['t1'] }
    const tagged = { tags: { some: { tagId: { in: ['t1'] } } } }
    expect(scope(operator, 'friend', 'c1')).toEqual({ channelId: 'c1', ...tagged })
    expect(scope(operator, 'reminderRun', 'c1')).toEqual({ channelId: 'c1', friend: tagged })
    expect(can(operator, 'friends.view')).toBe(true)
    expect(can(operator, 'scenarios.view')).toBe(false)
    const everyone: Actor = { ...operator, friendTagIds: 'all' }
    expect(scope(everyone, 'friend', 'c1')).toEqual({ channelId: 'c1' })
  })
})
