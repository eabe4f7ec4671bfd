import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { emptyChannel, emptyState, type SimStore } from './store'
import type { ChannelState, SimState } from './types'

// The file is ours, but it is still input: check its outline and fill collections added since it was
// written, instead of crashing on (or silently trusting) an old or hand-edited file.
const channelSchema = z.looseObject({
  config: z.looseObject({
    channelId: z.string(),
    secret: z.string(),
    accessToken: z.string(),
    botUserId: z.string(),
  }),
})
const fileSchema = z.object({
  version: z.literal(1),
  clockOffsetMs: z.number().default(0),
  channels: z.record(z.string(), channelSchema),
})

export function parseStateFile(text: string): SimState {
  const parsed = fileSchema.parse(JSON.parse(text))
  const state = emptyState()
  state.clockOffsetMs = parsed.clockOffsetMs
  for (const [id, raw] of Object.entries(parsed.channels)) {
    const loaded = raw as unknown as Partial<ChannelState> & Pick<ChannelState, 'config'>
    state.channels[id] = { ...emptyChannel(loaded.config), ...loaded }
  }
  return state
}

/**
 * Saves the store to a JSON file, debounced so a burst of requests costs one write. Writes go to a
 * temporary file renamed into place, so a crash mid-write never leaves a truncated state file.
 */
export class StatePersistence {
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()
  private dirty = false

  constructor(
    private readonly file: string,
    private readonly store: SimStore,
    private readonly debounceMs = 200,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  /** Reads the file if it exists; a broken file is reported and replaced by a fresh state. */
  load(): SimState | null {
    if (!existsSync(this.file)) return null
    try {
      return parseStateFile(readFileSync(this.file, 'utf8'))
    } catch (error) {
      this.warn(`linesim: ignoring unreadable state file ${this.file}: ${String(error)}`)
      return null
    }
  }

  schedule(): void {
    this.dirty = true
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, this.debounceMs)
    this.timer.unref()
  }

  /** Writes now if anything changed; resolves once the file on disk is current. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return
      this.dirty = false
      const text = JSON.stringify(this.store.state)
      const tmp = `${this.file}.${process.pid}.tmp`
      try {
        await mkdir(path.dirname(this.file), { recursive: true })
        await writeFile(tmp, text)
        await rename(tmp, this.file)
      } catch (error) {
        this.dirty = true
        this.warn(`linesim: could not save state to ${this.file}: ${String(error)}`)
      }
    })
    return this.writing
  }
}
