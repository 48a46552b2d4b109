import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRefresher } from '@/screen/refresh'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

/** A reload that takes `ms` and counts its runs. */
function slowRun(ms = 0) {
  const run = vi.fn(() => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  return run
}

describe('createRefresher', () => {
  it('folds a burst of requests (an import of 200 rows) into one reload after the quiet time', async () => {
    const run = slowRun()
    const r = createRefresher(run, { debounceMs: 250, maxWaitMs: 1000, now: () => Date.now() })
    for (let i = 0; i < 200; i++) r.request()
    expect(r.pending).toBe(true)
    await vi.advanceTimersByTimeAsync(249)
    expect(run).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(run).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(5000)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('reloads within maxWait however long a stream of requests goes on', async () => {
    const run = slowRun()
    const r = createRefresher(run, { debounceMs: 250, maxWaitMs: 1000, now: () => Date.now() })
    for (let t = 0; t < 1000; t += 100) {
      r.request()
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(run).toHaveBeenCalledTimes(1)
    r.request()
    await vi.advanceTimersByTimeAsync(250)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('never runs two reloads at once; requests during one make exactly one more', async () => {
    let active = 0
    let most = 0
    const run = vi.fn(async () => {
      active++
      most = Math.max(most, active)
      await new Promise((resolve) => setTimeout(resolve, 400))
      active--
    })
    const r = createRefresher(run, { debounceMs: 50, maxWaitMs: 200, now: () => Date.now() })
    void r.flush()
    expect(r.running).toBe(true)
    for (let i = 0; i < 5; i++) {
      r.request()
      await vi.advanceTimersByTimeAsync(60)
    }
    await vi.advanceTimersByTimeAsync(2000)
    expect(run).toHaveBeenCalledTimes(2)
    expect(most).toBe(1)
    expect(r.running).toBe(false)
  })

  it('flush reloads now and resolves after a reload that started after the call', async () => {
    const done: string[] = []
    let n = 0
    const run = vi.fn(async () => {
      const k = ++n
      await new Promise((resolve) => setTimeout(resolve, 100))
      done.push(`run${k}`)
    })
    const r = createRefresher(run)
    const first = r.flush().then(() => done.push('first'))
    await vi.advanceTimersByTimeAsync(50)
    const second = r.flush().then(() => done.push('second'))
    await vi.advanceTimersByTimeAsync(500)
    await Promise.all([first, second])
    expect(done).toEqual(['run1', 'run2', 'first', 'second'])
  })

  it('flush cancels a pending debounced reload; a failing reload does not stop later ones', async () => {
    const run = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined)
    const r = createRefresher(run)
    r.request()
    await r.flush()
    await vi.advanceTimersByTimeAsync(2000)
    expect(run).toHaveBeenCalledTimes(1)
    r.request()
    await vi.advanceTimersByTimeAsync(2000)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('does nothing once disposed', async () => {
    const run = slowRun()
    const r = createRefresher(run)
    r.request()
    r.dispose()
    r.request()
    await r.flush()
    await vi.advanceTimersByTimeAsync(5000)
    expect(run).not.toHaveBeenCalled()
  })
})
