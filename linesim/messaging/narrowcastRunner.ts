import { consumeQuota, remainingQuota } from '../limits/quota'
import type { Sim } from '../sim'
import type { NarrowcastJob } from '../state/types'
import { appendBotMessages, friends } from './delivery'

/**
 * Moves accepted narrowcasts through LINE's phases (waiting → sending → succeeded | failed), one step
 * every `stepMs` of real time, so a client polling the progress endpoint sees the phases go by.
 */
export class NarrowcastRunner {
  private readonly timers = new Set<NodeJS.Timeout>()
  private sim: Sim | null = null

  constructor(private readonly stepMs: number) {}

  attach(sim: Sim): void {
    this.sim = sim
  }

  start(channelId: string, requestId: string): void {
    this.later(() => this.step(channelId, requestId))
  }

  /** After a restart: continue every job that had not finished. */
  resumeAll(): void {
    for (const channel of this.sim?.store.channels() ?? []) {
      for (const job of Object.values(channel.narrowcasts)) {
        if (job.phase === 'waiting' || job.phase === 'sending')
          this.start(channel.config.channelId, job.requestId)
      }
    }
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  private later(fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      fn()
    }, this.stepMs)
    this.timers.add(timer)
  }

  private step(channelId: string, requestId: string): void {
    const sim = this.sim
    const job = sim?.store.channel(channelId)?.narrowcasts[requestId]
    if (!sim || !job) return // the channel was reset or deleted meanwhile
    if (job.phase === 'waiting') {
      job.phase = 'sending'
      sim.changed()
      this.later(() => this.step(channelId, requestId))
      return
    }
    if (job.phase === 'sending') {
      this.send(sim, channelId, job)
      sim.changed()
    }
  }

  private send(sim: Sim, channelId: string, job: NarrowcastJob): void {
    const channel = sim.store.channel(channelId)
    if (!channel) return
    const now = sim.clock.now()
    let recipients = friends(channel)
    if (job.limitMax !== null) recipients = recipients.slice(0, job.limitMax)
    const remaining = remainingQuota(channel, now)
    if (remaining !== null && recipients.length > remaining) {
      if (job.upToRemainingQuota) {
        recipients = recipients.slice(0, remaining)
      } else {
        job.phase = 'failed'
        job.targetCount = recipients.length
        job.failureCount = recipients.length
        job.failedDescription = 'You have reached your monthly limit.'
        job.completedAt = now
        return
      }
    }
    consumeQuota(channel, recipients.length, now)
    for (const user of recipients) {
      appendBotMessages(sim, channel, user, job.messages, null, {
        via: 'narrowcast',
        requestId: job.requestId,
        retryKey: job.retryKey,
        at: now,
      })
    }
    job.targetCount = recipients.length
    job.successCount = recipients.length
    job.failureCount = 0
    job.phase = 'succeeded'
    job.completedAt = now
  }
}
