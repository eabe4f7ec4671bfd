import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { channelSecretLookup } from '../channelSecrets'
import { admission } from '../admission'
import { apiError } from '../errors'
import { handOffLineEvent, isTemporalBusy } from '../lineEvents'
import { isValidLineSignature } from '../lineSignature'
import { webhookBodySchema } from '../schemas/webhook'
import { webhookOutbox } from '../webhookOutbox'
import type { LineWebhookEvent } from '../../workflows/lineEventInput'

const WEBHOOK_BODY_LIMIT = 1024 * 1024

/**
 * LINE webhooks. The signature is checked on the raw bytes before anything else; the answer is
 * 200 only once every event is durable — started in Temporal, or, while Temporal is alive but slow
 * or full, queued in the webhook outbox — else 503 so LINE redelivers.
 */
export const webhookRoutes: FastifyPluginAsync = async (app) => {
  const lookupSecret = channelSecretLookup(app.deps.prisma)
  const handOffs = admission(app.deps.env.WEBHOOK_MAX_IN_FLIGHT)
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
    const { temporalLiveness: liveness, outboxRelay: relay } = app
    let handedOver = false
    // While events wait in the outbox, new ones queue behind them: Temporal is behind, and starting
    // them directly would only add to its load (and overtake older events).
    if (!relay.hasBacklog()) {
      try {
        handedOver = await handOffs.tryRun(events.length, async () => {
          await Promise.all(
            events.map((event) =>
              handOffLineEvent(
                app.deps.temporal,
                app.deps.taskQueue,
                { channelId: channel.id, destination, event },
                app.deps.env.WEBHOOK_HANDOFF_MS,
              ),
            ),
          )
        })
        if (handedOver) liveness.answered()
      } catch (err) {
        if (!isTemporalBusy(err)) {
          request.log.warn({ reason: (err as Error).message }, 'Temporal refused webhook events')
          throw apiError(503, 'temporal_unavailable', 'Events could not be accepted now; LINE will redeliver')
        }
      }
    }
    if (!handedOver) {
      // Slow, full or behind is not down: while Temporal is alive, keep the events durably and let the
      // relay hand them over (events already started are recognised by their workflow IDs).
      if (!(await liveness.isAlive())) {
        throw apiError(503, 'temporal_unavailable', 'Events could not be accepted now; LINE will redeliver')
      }
      try {
        await outbox.enqueue(channel.id, destination, events)
      } catch (err) {
        request.log.warn({ reason: (err as Error).message }, 'could not queue webhook events')
        throw apiError(503, 'overloaded', 'Events could not be accepted now; LINE will redeliver')
      }
      relay.notify()
      reply.header('x-enishi-queued', 'true')
    }
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
