import { z } from 'zod'
import { isLoopback } from './admin/plugin'
import { createSimulatorApp } from './app'

const envSchema = z.object({
  LINESIM_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  LINESIM_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .refine(
      isLoopback,
      'must be a loopback address (127.0.0.1, ::1, localhost): the admin API has no authentication',
    ),
  LINESIM_STATE_FILE: z.string().min(1).optional(),
  LINESIM_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1).optional(),
  LINESIM_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
})

const parsed = envSchema.safeParse(process.env)
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(`linesim: ${issue.path.join('.')}: ${issue.message}`)
  process.exit(1)
}
const env = parsed.data

const app = createSimulatorApp({
  stateFile: env.LINESIM_STATE_FILE,
  webhookTimeoutMs: env.LINESIM_WEBHOOK_TIMEOUT_MS,
  logger: { level: env.LINESIM_LOG_LEVEL },
})

await app.listen({ port: env.LINESIM_PORT, host: env.LINESIM_HOST })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : env.LINESIM_PORT
console.log(`LINE simulator listening on http://${env.LINESIM_HOST}:${port}`)
if (env.LINESIM_STATE_FILE) console.log(`LINE simulator state file: ${env.LINESIM_STATE_FILE}`)

let closing = false
async function shutdown(signal: string): Promise<void> {
  if (closing) return
  closing = true
  console.log(`LINE simulator: ${signal}, saving state and stopping`)
  try {
    // close() runs the onClose hook, which flushes the state file.
    await app.close()
    process.exit(0)
  } catch (error) {
    console.error('LINE simulator: error while stopping', error)
    process.exit(1)
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
