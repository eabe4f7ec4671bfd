import { z } from 'zod'
import { startMailSink } from './app'

const env = z
  .object({
    MAILSINK_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    MAILSINK_PORT: z.coerce.number().int().min(0).max(65535).default(3200),
    MAILSINK_HOST: z.string().min(1).default('127.0.0.1'),
  })
  .parse(process.env)

const sink = await startMailSink({ smtpPort: env.MAILSINK_SMTP_PORT, host: env.MAILSINK_HOST })
await sink.http.listen({ port: env.MAILSINK_PORT, host: env.MAILSINK_HOST })
console.log(
  `mail sink: SMTP on ${env.MAILSINK_HOST}:${sink.smtpPort}, messages at http://${env.MAILSINK_HOST}:${env.MAILSINK_PORT}/_mail/messages`,
)

const stop = () => void sink.close().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
