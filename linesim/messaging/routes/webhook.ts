import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Sim } from '../../sim'
import type { DeliveryRecord } from '../../state/types'
import { parseLineBody } from '../../validation/details'
import { defineEndpoint } from '../endpoint'

const httpsEndpoint = z
  .string()
  .max(500, 'Length must be between 0 and 500')
  .refine((v) => v.startsWith('https://'), 'Must be an HTTPS URL')

const testBody = z.object({ endpoint: httpsEndpoint.optional() })
const setEndpointBody = z.object({ endpoint: httpsEndpoint })

/** LINE's answer to the webhook test: reason names as in the console's webhook statistics. */
function testResult(record: DeliveryRecord): Record<string, unknown> {
  const reason = {
    ok: 'OK',
    error_status_code: 'ERROR_STATUS_CODE',
    request_timeout: 'REQUEST_TIMEOUT',
    could_not_connect: 'COULD_NOT_CONNECT',
    unclassified: 'UNCLASSIFIED',
  }[record.reason]
  return {
    success: record.reason === 'ok',
    timestamp: record.at,
    statusCode: record.statusCode ?? 0,
    reason,
    detail: record.statusCode !== null ? String(record.statusCode) : (record.error ?? ''),
  }
}

export function webhookRoutes(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(
    app,
    sim,
    { method: 'POST', url: '/channel/webhook/test', endpoint: 'webhookTest' },
    async (ctx) => {
      const body = parseLineBody(testBody, ctx.request.body)
      const record = await ctx.sim.webhooks.send(ctx.channel, [], { kind: 'webhookTest', url: body.endpoint })
      return { body: testResult(record) }
    },
  )

  defineEndpoint(
    app,
    sim,
    { method: 'GET', url: '/channel/webhook/endpoint', endpoint: 'webhookEndpoint' },
    (ctx) => ({
      body: { endpoint: ctx.channel.config.webhookUrl ?? '', active: ctx.channel.config.webhookUrl !== null },
    }),
  )

  // LINE accepts only HTTPS here; the admin API (PUT /_sim/channels/:id) can set a local http:// URL.
  defineEndpoint(
    app,
    sim,
    { method: 'PUT', url: '/channel/webhook/endpoint', endpoint: 'webhookEndpoint' },
    (ctx) => {
      const body = parseLineBody(setEndpointBody, ctx.request.body)
      ctx.channel.config.webhookUrl = body.endpoint
      return { body: {} }
    },
  )
}
