// When the screen reloads: at once (first load, the fallback poll) or soon after pushed events,
// a burst of them (an import of 200 rows) folded into one reload. Never two reloads at a time: a
// request while one runs makes it run once more when it ends, so the last write is always shown.

export interface RefresherOptions {
  /** Quiet time after the last request before reloading. */
  debounceMs?: number
  /** Longest wait after the first request of a burst, however long the burst goes on. */
  maxWaitMs?: number
  setTimeout?: (fn: () => void, ms: number) => unknown
  clearTimeout?: (id: unknown) => void
  now?: () => number
}

export interface Refresher {
  /** Reload soon (debounced). */
  request(): void
  /** Reload now; resolves when a reload that started after this call has finished. */
  flush(): Promise<void>
  /** Cancels a pending reload; later requests are ignored. */
  dispose(): void
  readonly running: boolean
  readonly pending: boolean
}

export function createRefresher(run: () => Promise<void>, o: RefresherOptions = {}): Refresher {
  const debounceMs = o.debounceMs ?? 250
  const maxWaitMs = o.maxWaitMs ?? 1000
  const set = o.setTimeout ?? ((fn, ms) => globalThis.setTimeout(fn, ms))
  const clear = o.clearTimeout ?? ((id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>))
  const now = o.now ?? Date.now

  let timer: unknown = null
  let firstAt: number | null = null
  let current: Promise<void> | null = null
  let again = false
  let disposed = false

  function cancel() {
    if (timer !== null) clear(timer)
    timer = null
    firstAt = null
  }

  async function loop() {
    do {
      again = false
      try {
        await run()
      } catch {
        /* run reports its own failures */
      }
    } while (again && !disposed)
    current = null
  }

  function flush(): Promise<void> {
    cancel()
    if (disposed) return Promise.resolve()
    if (current) {
      again = true
      return current
    }
    current = loop()
    return current
  }

  function request() {
    if (disposed) return
    const t = now()
    firstAt ??= t
    if (timer !== null) clear(timer)
    const wait = Math.max(0, Math.min(debounceMs, firstAt + maxWaitMs - t))
    timer = set(() => {
      timer = null
      void flush()
    }, wait)
  }

  return {
    request,
    flush,
    dispose() {
      disposed = true
      cancel()
    },
    get running() {
      return current !== null
    },
    get pending() {
      return timer !== null
    },
  }
}
