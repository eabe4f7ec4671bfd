import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { faultInputSchema, type FaultRule } from '../../faults'
import type { Sim } from '../../sim'
import { parseInput } from '../common'

const advanceBody = z.object({ ms: z.number().int().min(0) })
const clearFaultsQuery = z.object({ endpoint: z.string().optional() })

function faultView(sim: Sim, rule: FaultRule): Record<string, unknown> {
  return { ...rule, outageUntil: rule.outageUntil === null ? null : sim.clock.iso(rule.outageUntil) }
}

function clockView(sim: Sim): Record<string, unknown> {
  const now = sim.clock.now()
  return { now, iso: sim.clock.iso(now), offsetMs: sim.clock.offsetMs() }
}

export function systemRoutes(app: FastifyInstance, sim: Sim): void {
  app.get('/healthz', async () => ({ ok: true }))

  app.post('/reset', async () => {
    sim.narrowcasts.stop()
    sim.store.reset()
    sim.faults.clear()
    sim.rateLimiter.reset()
    return { ok: true }
  })

  app.get('/clock', async () => clockView(sim))

  app.post('/clock/advance', async (request) => {
    const { ms } = parseInput(advanceBody, request.body)
    sim.clock.advance(ms)
    return clockView(sim)
  })

  const listFaults = () => ({ faults: sim.faults.list().map((rule) => faultView(sim, rule)) })

  app.get('/faults', async () => listFaults())

  app.put('/faults', async (request) => {
    sim.faults.set(parseInput(faultInputSchema, request.body), sim.clock.now())
    return listFaults()
  })

  app.delete('/faults', async (request) => {
    sim.faults.clear(parseInput(clearFaultsQuery, request.query).endpoint)
    return listFaults()
  })
}
