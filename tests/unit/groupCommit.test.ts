import { describe, expect, it } from 'vitest'
import { groupCommit } from '../../api/webhooks/groupCommit'

/** A write that records its batches and completes only when released. */
function heldWrites() {
  const batches: number[][] = []
  const releases: ((err?: Error) => void)[] = []
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items)
      releases.push((err) => (err ? reject(err) : resolve()))
    })
  return { batches, releases, write }
}

describe('group commit', () => {
  it('writes a lone caller at once', async () => {
    const { batches, releases, write } = heldWrites()
    const add = groupCommit(write, 100)
    const done = add([1, 2])
    expect(batches).toEqual([[1, 2]])
    releases[0]!()
    await done
  })

  it('gathers callers that arrive during a write into the next single write', async () => {
    const { batches, releases, write } = heldWrites()
    const add = groupCommit(write, 100)
    const first = add([1])
    const later = [add([2]), add([3, 4]), add([5])]
    expect(batches).toEqual([[1]])
    releases[0]!()
    await first
    await new Promise((r) => setTimeout(r, 0))
    expect(batches).toEqual([[1], [2, 3, 4, 5]])
    releases[1]!()
    await Promise.all(later)
  })

  it('keeps a batch within the limit without splitting one caller', async () => {
    const { batches, releases, write } = heldWrites()
    const add = groupCommit(write, 3)
    const all = [add([1]), add([2, 3]), add([4, 5]), add([6, 7, 8, 9])]
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 0))
      releases[i]?.()
    }
    await Promise.all(all)
    // The oversized caller goes alone rather than being cut in two.
    expect(batches).toEqual([[1], [2, 3], [4, 5], [6, 7, 8, 9]])
  })

  it('fails only the callers of the failed write', async () => {
    const { releases, write } = heldWrites()
    const add = groupCommit(write, 100)
    const first = add([1])
    const second = add([2])
    releases[0]!(new Error('disk full'))
    await expect(first).rejects.toThrow('disk full')
    await new Promise((r) => setTimeout(r, 0))
    releases[1]!()
    await expect(second).resolves.toBeUndefined()
  })
})

describe('group commit with a bad member', () => {
  it('writes the members of a failed group again one by one: only the bad one fails', async () => {
    const batches: number[][] = []
    let firstHeld: (() => void) | undefined
    const write = async (items: number[]) => {
      batches.push(items)
      // The first write is held so the next callers gather into one group behind it.
      if (batches.length === 1) await new Promise<void>((resolve) => (firstHeld = resolve))
      if (items.includes(13)) throw new Error('Maximum call stack size exceeded')
    }
    const add = groupCommit(write, 100)
    const first = add([1])
    const [good, bad, alsoGood] = [add([2]), add([13]), add([3, 4])]
    firstHeld!()
    await first
    await expect(good).resolves.toBeUndefined()
    await expect(bad).rejects.toThrow('Maximum call stack size exceeded')
    await expect(alsoGood).resolves.toBeUndefined()
    expect(batches).toEqual([[1], [2, 13, 3, 4], [2], [13], [3, 4]])
  })
})
