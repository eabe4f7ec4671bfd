import { fileURLToPath } from 'node:url'
import path from 'node:path'
import { z } from 'zod'

/** The repository root: data and tool folders live below it unless configured otherwise. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback)

/** Every environment variable Enishi reads (besides Temporal's, in temporal.config.ts). */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** PostgreSQL; without it `npm start` serves an embedded PGlite from the data folder. */
  DATABASE_URL: z.string().url().optional(),
  ENISHI_DATA_DIR: z.string().default(path.join(projectRoot, '.data')),
  API_HOST: z.string().default('127.0.0.1'),
  API_PORT: port(3000),
  STUDIO_PORT: port(5173),
  LINESIM_PORT: port(3100),
  /** Where the built-in LINE simulator listens (defaults to 127.0.0.1:LINESIM_PORT). */
  LINESIM_URL: z.string().url().optional(),
  EMBEDDED_PG_PORT: port(54329),
  /** The default channel's credentials; without them the default channel is bound to the simulator. */
  LINE_CHANNEL_SECRET: z.string().min(1).optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().min(1).optional(),
  LINE_API_BASE_URL: z.string().url().optional(),
  /**
   * Proxies whose X-Forwarded-For is believed (proxy-addr syntax). The studio forwards /api from
   * loopback, so login throttling sees the real client IP; add your load balancer's range.
   */
  TRUST_PROXY: z.string().default('loopback'),
  /** Outgoing e-mail (staff notifications), e.g. smtp://user:pass@mail.example.com:587; unset: the mail sink. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('Enishi <no-reply@enishi.local>'),
  MAILSINK_SMTP_PORT: port(2525),
  MAILSINK_PORT: port(3200),
  /** The studio's public origin, for links in e-mails (defaults to the local studio). */
  STUDIO_ORIGIN: z.string().url().optional(),
  /**
   * The worker process's V8 heap limit. Without one V8 lets garbage pile up to gigabytes before it
   * collects; with it the worker stays small (runs out of the workflow cache replay when they wake).
   */
  WORKER_MAX_HEAP_MB: z.coerce.number().int().min(128).default(512),
  /** Developers: the API and worker processes write V8 CPU profiles (.cpuprofile) here when they exit. */
  ENISHI_CPU_PROFILE_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Env = z.infer<typeof envSchema>

/** Parses the environment once; a bad value stops the process with the variable named. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  return parsed.data
}

export function linesimUrl(env: Env): string {
  return env.LINESIM_URL ?? `http://127.0.0.1:${env.LINESIM_PORT}`
}

export function apiUrl(env: Env): string {
  return `http://${env.API_HOST}:${env.API_PORT}`
}

export function smtpUrl(env: Env): string {
  return env.SMTP_URL ?? `smtp://127.0.0.1:${env.MAILSINK_SMTP_PORT}`
}

export function studioOrigin(env: Env): string {
  return env.STUDIO_ORIGIN ?? `http://127.0.0.1:${env.STUDIO_PORT}`
}
