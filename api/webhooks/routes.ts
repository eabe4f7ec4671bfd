import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { channelSecretLookup } from '../channels/secrets'
import { apiError } from '../errors'
import { isValidLineSignature } from './signature'
import { webhookBodySchema } from './schemas'
import { webhookOutbox } from './outbox'
import type { LineWebhookEvent } from '../../workflows/contracts/lineEvent'

const WEBHOOK_BODY_LIMIT = 1024 * 1024

/**
 * LINE webhooks. The signature is checked on the raw bytes before anything else; the answer is
 * 200 only once every event is durable in the webhook outbox (one INSERT for all webhooks arriving
 * together), from where the relay starts each as a `lineEvent` workflow — else 503 so LINE
 * redelivers. The answer never waits for Temporal, whose start rate is far below LINE's bursts.
 */
export const webhookRoutes: FastifyPluginAsync = async (app) => {
  const lookupSecret = channelSecretLookup(app.deps.prisma)
  const outbox = webhookOutbox(app.deps.prisma)

  // Encapsulated: only these routes keep the raw body.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser<Buffer>(
    'application/json',
    { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  )

  async function receive(request: FastifyRequest, reply: FastifyReply, channelId: string | undefined) {
    const channel = await lookupSecret(channelId)
    if (!channel) throw apiError(404, 'no_channel', 'Unknown channel')
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const signature = request.headers['x-line-signature']
    if (!isValidLineSignature(raw, channel.secret, typeof signature === 'string' ? signature : undefined)) {
      throw apiError(401, 'invalid_signature', 'Missing or invalid x-line-signature')
    }
    let json: unknown
    try {
      json = JSON.parse(raw.toString('utf8'))
    } catch {
      throw apiError(400, 'malformed_json', 'The body is not valid JSON')
    }
    const parsed = webhookBodySchema.safeParse(json)
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({
        path: ['body', ...i.path].join('.'),
        message: i.message,
      }))
      return reply.code(400).send({
        error: {
          code: 'invalid_request',
          message: `Invalid webhook body: ${fields.map((f) => f.path).join(', ')}`,
          fields,
        },
      })
    }
    const { destination } = parsed.data
    const events = parsed.data.events as LineWebhookEvent[]
    // Queued events are only as good as a Temporal that will take them: when it does not answer at
    // all, refuse (LINE redelivers) rather than pile up events nobody can process.
    if (!(await app.temporalLiveness.isAlive())) {
      throw apiError(503, 'temporal_unavailable', 'Events could not be accepted now; LINE will redeliver')
    }
    try {
      await outbox.enqueue(channel.id, destination, events)
    } catch (err) {
      request.log.warn({ reason: (err as Error).message }, 'could not queue webhook events')
      throw apiError(503, 'overloaded', 'Events could not be accepted now; LINE will redeliver')
    }
    app.outboxRelay.notify()
    return reply.code(200).send({})
  }

  app.post('/webhooks/line', { schema: { hide: true } }, (request, reply) =>
    receive(request, reply, undefined),
  )
  app.post(
    '/webhooks/line/:channelId',
    { schema: { hide: true, params: z.object({ channelId: z.string().min(1) }) } },
    (request, reply) => receive(request, reply, (request.params as { channelId: string }).channelId),
  )
}
