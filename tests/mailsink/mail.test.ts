import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMailer, mailActivities } from '../../activities/mail'
import { startMailSink, type MailSink } from '../../mailsink/app'
import { createTestDatabase, type TestDatabase } from '../helpers/db'

let db: TestDatabase
let sink: MailSink
let channelId: string

beforeAll(async () => {
  db = await createTestDatabase()
  sink = await startMailSink({ smtpPort: 0 })
  channelId = (
    await db.prisma.channel.create({
      data: { name: 'mail', secret: 's', accessToken: 't', apiBaseUrl: 'http://127.0.0.1:1' },
    })
  ).id
})
afterAll(async () => {
  await sink?.close()
  await db?.drop()
})

describe('staff notification e-mail', () => {
  it('sends nothing while there is nobody to tell', async () => {
    const acts = mailActivities(
      db.prisma,
      createMailer(`smtp://127.0.0.1:${sink.smtpPort}`, 'Enishi <a@b.c>'),
      '',
    )
    await db.prisma.staffNotification.create({ data: { id: 'n0', channelId, message: 'x', email: true } })
    expect(await acts.emailStaffNotification({ notificationId: 'n0' })).toEqual({ recipients: 0 })
    expect(sink.mails()).toHaveLength(0)
  })

  it('mails owners and admins, in Japanese, with a link to the friend and a stable Message-ID', async () => {
    const staff = (email: string, role: 'owner' | 'admin' | 'member') =>
      db.prisma.staff.create({ data: { email, name: email, passwordHash: 'x', role } })
    await Promise.all([staff('owner@example.com', 'owner'), staff('admin@example.com', 'admin')])
    await staff('member@example.com', 'member')
    const friend = await db.prisma.friend.create({
      data: { channelId, lineUserId: 'U-mail', displayName: '山田 太郎' },
    })
    await db.prisma.staffNotification.create({
      data: { id: 'n1', channelId, friendId: friend.id, message: '山田 太郎さんが予約しました', email: true },
    })
    const acts = mailActivities(
      db.prisma,
      createMailer(`smtp://127.0.0.1:${sink.smtpPort}`, 'Enishi <no-reply@enishi.test>'),
      'https://studio.example.com',
    )
    expect(await acts.emailStaffNotification({ notificationId: 'n1' })).toEqual({ recipients: 2 })
    const [mail] = sink.mails()
    expect(mail?.to.sort()).toEqual(['admin@example.com', 'owner@example.com'])
    expect(mail?.from).toBe('no-reply@enishi.test')
    expect(mail?.subject).toBe('[Enishi] 山田 太郎さんについての通知')
    expect(mail?.text).toContain('山田 太郎さんが予約しました')
    expect(mail?.text).toContain(`https://studio.example.com/friends/${friend.id}`)
    expect(mail?.messageId).toBe('<n1@notifications.enishi>')

    const res = await sink.http.inject({ method: 'GET', url: '/_mail/messages' })
    expect(res.json().messages[0].subject).toBe(mail?.subject)
    await sink.http.inject({ method: 'DELETE', url: '/_mail/messages' })
    expect(sink.mails()).toHaveLength(0)
  })

  it('retries when the mail server is unreachable (the error is not final)', async () => {
    const acts = mailActivities(db.prisma, createMailer('smtp://127.0.0.1:1', 'Enishi <a@b.c>'), '')
    const err = await acts.emailStaffNotification({ notificationId: 'n1' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as { nonRetryable?: boolean }).nonRetryable).not.toBe(true)
  })
})
