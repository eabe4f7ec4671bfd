import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { LineApiError } from '../../errors'
import { assertQuota } from '../../limits/quota'
import type { Sim } from '../../sim'
import type { JsonObject, NarrowcastJob } from '../../state/types'
import { parseLineBody } from '../../validation/details'
import { narrowcastBodySchema } from '../../validation/sendBodies'
import { friends } from '../delivery'
import { defineEndpoint } from '../endpoint'
import { acceptRetryKey, rejectAcceptedRetryKey } from '../retryKeys'

function progressView(sim: Sim, job: NarrowcastJob): Record<string, unknown> {
  return {
    phase: job.phase,
    successCount: job.successCount,
    failureCount: job.failureCount,
    targetCount: job.targetCount,
    acceptedTime: sim.clock.iso(job.acceptedAt),
    ...(job.completedAt !== null ? { completedTime: sim.clock.iso(job.completedAt) } : {}),
    ...(job.failedDescription ? { failedDescription: job.failedDescription } : {}),
    ...(job.errorCode !== undefined ? { errorCode: job.errorCode } : {}),
  }
}

export function narrowcastRoutes(app: FastifyInstance, sim: Sim): void {
  defineEndpoint(app, sim, { method: 'POST', url: '/message/narrowcast', endpoint: 'narrowcast' }, (ctx) => {
    rejectAcceptedRetryKey(ctx.channel, ctx.retryKey, ctx.now)
    const body = parseLineBody(narrowcastBodySchema, ctx.request.body)
    const limitMax = body.limit?.max ?? null
    const upToRemainingQuota = body.limit?.upToRemainingQuota ?? false
    if (!upToRemainingQuota) {
      const audience = friends(ctx.channel).length
      assertQuota(ctx.channel, limitMax === null ? audience : Math.min(audience, limitMax), ctx.now)
    }
    // The job is known by the request ID that LINE returns in X-Line-Request-Id.
    ctx.channel.narrowcasts[ctx.requestId] = {
      requestId: ctx.requestId,
      phase: 'waiting',
      acceptedAt: ctx.now,
      completedAt: null,
      successCount: 0,
      failureCount: 0,
      targetCount: 0,
      messages: body.messages as JsonObject[],
      limitMax,
      upToRemainingQuota,
      retryKey: ctx.retryKey,
    }
    acceptRetryKey(ctx.channel, ctx.retryKey, 'narrowcast', ctx.requestId, ctx.now)
    ctx.sim.narrowcasts.start(ctx.channel.config.channelId, ctx.requestId)
    return { status: 202, body: {} }
  })

  const query = z.object({ requestId: z.string().min(1, 'May not be empty') })
  defineEndpoint(
    app,
    sim,
    { method: 'GET', url: '/message/progress/narrowcast', endpoint: 'narrowcastProgress' },
    (ctx) => {
      const { requestId } = parseLineBody(query, ctx.request.query)
      const job = ctx.channel.narrowcasts[requestId]
      if (!job) throw new LineApiError(404, 'Not found')
      return { body: progressView(ctx.sim, job) }
    },
  )
}
