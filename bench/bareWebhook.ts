import Fastify, { type FastifyInstance } from 'fastify'
import { isValidLineSignature } from '../api/webhooks/signature'

/** The baseline: a Fastify route that only checks LINE's signature and answers 200. */
export async function startBareWebhook(secret: string): Promise<{ url: string; app: FastifyInstance }> {
  const app = Fastify({ logger: false })
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser<Buffer>('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  )
  app.post('/webhooks/line', async (request, reply) => {
    const signature = request.headers['x-line-signature']
    const ok = isValidLineSignature(
      request.body as Buffer,
      secret,
      typeof signature === 'string' ? signature : undefined,
    )
    return reply.code(ok ? 200 : 401).send({})
  })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  return { url: `${address}/webhooks/line`, app }
}
