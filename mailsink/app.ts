import Fastify, { type FastifyInstance } from 'fastify'
import { simpleParser, type AddressObject } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** One e-mail as the sink received it. */
export interface SunkMail {
  id: number
  receivedAt: string
  messageId: string | null
  from: string
  to: string[]
  subject: string
  text: string
}

/** Most mails kept; the sink is for trying flows and for tests, not an archive. */
const KEEP = 500

export interface MailSink {
  smtpPort: number
  http: FastifyInstance
  mails(): SunkMail[]
  close(): Promise<void>
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean)

/**
 * The local stand-in for e-mail delivery: an SMTP server that accepts every message (no TLS, any
 * login) and an HTTP API that shows what arrived, like the LINE simulator does for LINE.
 */
export async function startMailSink(options: { smtpPort: number; host?: string }): Promise<MailSink> {
  const host = options.host ?? '127.0.0.1'
  const received: SunkMail[] = []
  let nextId = 1
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'sink' }),
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.unshift({
            id: nextId++,
            receivedAt: new Date().toISOString(),
            messageId: parsed.messageId ?? null,
            from: addresses(parsed.from)[0] ?? '',
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
          })
          received.splice(KEEP)
          callback()
        })
        .catch((err: Error) => callback(err))
    },
  })
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject)
    smtp.listen(options.smtpPort, host, () => resolve())
  })
  const address = smtp.server.address()
  const smtpPort = typeof address === 'object' && address ? address.port : options.smtpPort

  const http = Fastify({ logger: false })
  http.get('/_mail/healthz', async () => ({ ok: true }))
  http.get('/_mail/messages', async () => ({ messages: received }))
  http.delete('/_mail/messages', async () => {
    received.length = 0
    return {}
  })
  http.addHook('onClose', () => new Promise<void>((resolve) => smtp.close(() => resolve())))

  return {
    smtpPort,
    http,
    mails: () => [...received],
    close: () => http.close(),
  }
}
