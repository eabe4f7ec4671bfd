import { ApplicationFailure } from '@temporalio/common'
import nodemailer from 'nodemailer'
import type { PrismaClient } from '../prisma/client'

export interface OutgoingMail {
  to: string[]
  subject: string
  text: string
  /** Stable per notification: SMTP has no idempotency key, so a resend after a crash is recognisable. */
  messageId: string
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>
}

/** Sends through SMTP (a real server, or the local mail sink). */
export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl)
  return {
    async send(mail) {
      try {
        await transport.sendMail({ from, ...mail, to: mail.to.join(', ') })
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode
        // 5xx is the server's final word (bad address, refused); anything else is worth retrying.
        if (code && code >= 500) throw ApplicationFailure.nonRetryable((err as Error).message, 'MailRejected')
        throw err
      }
    },
  }
}

/** Roles that receive staff notifications by e-mail. */
const MAIL_ROLES = ['owner', 'admin'] as const

export function mailActivities(prisma: PrismaClient, mailer: Mailer, studioOrigin: string) {
  return {
    /** E-mails a staff notification to the owners and admins; returns how many got it. */
    async emailStaffNotification(input: { notificationId: string }): Promise<{ recipients: number }> {
      const notification = await prisma.staffNotification.findUnique({ where: { id: input.notificationId } })
      if (!notification) return { recipients: 0 }
      const staff = await prisma.staff.findMany({
        where: { role: { in: [...MAIL_ROLES] } },
        select: { email: true },
      })
      if (staff.length === 0) return { recipients: 0 }
      const friend = notification.friendId
        ? await prisma.friend.findUnique({
            where: { id: notification.friendId },
            select: { displayName: true },
          })
        : null
      const who = friend?.displayName ? `${friend.displayName}さん` : '友だち'
      const link = notification.friendId ? `${studioOrigin}/friends/${notification.friendId}` : studioOrigin
      await mailer.send({
        to: staff.map((s) => s.email),
        subject: `[Enishi] ${who}についての通知`,
        text: `${notification.message}\n\n${link}\n\n— Enishi`,
        messageId: `<${notification.id}@notifications.enishi>`,
      })
      return { recipients: staff.length }
    },
  }
}
