import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { mount } from '@vue/test-utils'
import { backoffDelay, DEFAULT_BACKOFF, isLiveTs, LiveClient, onLiveClosed, useLive, type LiveEvent, type LiveOptions, type LiveSocket } from '@/api/live'

// A WebSocket double: records what the client sends; the test plays the server.
class FakeSocket implements LiveSocket {
  static all: FakeSocket[] = []
  static last(): FakeSocket {
    return FakeSocket.all[FakeSocket.all.length - 1]
  }
  onopen: ((ev: unknown) => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  onclose: ((ev: unknown) => void) | null = null
  onerror: ((ev: unknown) => void) | null = null
  sent: unknown[] = []
  closed: number | undefined | null = null // null: open; undefined: closed without a code
  constructor(readonly url: string) {
    FakeSocket.all.push(this)
  }
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close(code?: number) {
    this.closed = code
  }
  // --- the server's side ---
  open() {
    this.onopen?.({})
  }
  msg(m: unknown) {
    this.onmessage?.({ data: typeof m === 'string' ? m : JSON.stringify(m) })
  }
  ack(ts = '2026-11-29T08:00:00.000Z', topics: string[] = ['shelters']) {
    this.msg({ topic: 'system', type: 'subscribed', data: { topics }, ts })
  }
  event(topic: string, type: string, ts: string, data: Record<string, unknown> = { id: 1 }) {
    this.msg({ topic, type, data, ts })
  }
  drop() {
    this.onclose?.({ code: 1006 })
  }
  /** The server ends the session's socket (src/http/live.cpp LiveSubscription::end, then 1008). */
  end(reason: string, ts = '2026-11-29T08:00:09.000Z') {
    this.msg({ topic: 'system', type: 'closed', ts, data: { reason } })
    this.onclose?.({ code: 1008, reason: 'session ended' })
  }
}

const T0 = '2026-11-29T08:00:00.000Z'
const T1 = '2026-11-29T08:00:01.000Z'
const T2 = '2026-11-29T08:00:02.000Z'
const T3 = '2026-11-29T08:00:03.000Z'

function client(extra: Partial<LiveOptions> = {}) {
  const states: string[] = []
  const events: LiveEvent[] = []
  const c = new LiveClient({
    topics: ['shelters', 'enterprises'],
    onState: (s) => states.push(s),
    onEvent: (e) => events.push(e),
    ...extra,
    env: {
      WebSocket: FakeSocket,
      url: () => 'ws://screen.test/api/v1/live',
      random: () => 1, // no jitter: the full delay
      now: () => Date.now(),
      onOnline: () => () => {},
      ...extra.env,
    },
  })
  return { c, states, events }
}

beforeEach(() => {
  FakeSocket.all = []
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('backoffDelay', () => {
  it('doubles from 1 s, is capped at 30 s and jittered between half and all of it', () => {
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, 1))).toEqual([1000, 2000, 4000, 8000, 16000])
    expect(backoffDelay(5, 1)).toBe(30_000)
    expect(backoffDelay(50, 1)).toBe(30_000)
    expect(backoffDelay(3, 0)).toBe(4000)
    expect(backoffDelay(3, 0.5)).toBe(6000)
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(i % 8, Math.random())
      const exp = Math.min(DEFAULT_BACKOFF.maxMs, 1000 * 2 ** (i % 8))
      expect(d).toBeGreaterThanOrEqual(exp / 2)
      expect(d).toBeLessThanOrEqual(exp)
    }
    expect(backoffDelay(2, 1, { baseMs: 100, maxMs: 250, factor: 3 })).toBe(250)
  })

  it('recognises the hub ts format only', () => {
    expect(isLiveTs(T0)).toBe(true)
    expect(isLiveTs('2026-11-29T08:00:00Z')).toBe(false)
    expect(isLiveTs(42)).toBe(false)
  })
})

describe('LiveClient', () => {
  it('connects, subscribes without since and is connected once acknowledged', () => {
    const subscribed = vi.fn()
    const { c, states } = client({ onSubscribed: subscribed })
    expect(c.state).toBe('offline')
    c.start()
    const ws = FakeSocket.last()
    expect(ws.url).toBe('ws://screen.test/api/v1/live')
    expect(c.state).toBe('connecting')
    ws.open()
    expect(ws.sent).toEqual([{ subscribe: ['shelters', 'enterprises'] }])
    expect(c.state).toBe('connecting')
    ws.ack(T0)
    expect(c.state).toBe('connected')
    expect(states).toEqual(['connecting', 'connected'])
    expect(subscribed).toHaveBeenCalledWith(false)
    expect(c.lastTs).toBe(T0) // a resume starts after the newest event at subscription
    c.stop()
  })

  it('calls the handlers of an event topic and "*", ignores other topics and heartbeats', () => {
    const { c, events } = client()
    const shelters = vi.fn()
    const any = vi.fn()
    const off = c.on('shelters', shelters)
    c.on('*', any)
    c.start()
    const ws = FakeSocket.last()
    ws.open()
    ws.ack(T0)
    ws.event('shelters', 'created', T1, { id: 7, name: '西溪避灾点' })
    ws.event('cameras', 'created', T2) // not subscribed
    ws.msg({ topic: 'heartbeat', type: 'heartbeat', ts: T3 })
    ws.msg('not json')
    ws.msg([1, 2])
    expect(shelters).toHaveBeenCalledTimes(1)
    expect(shelters.mock.calls[0][0]).toEqual({ topic: 'shelters', type: 'created', data: { id: 7, name: '西溪避灾点' }, ts: T1 })
    expect(any).toHaveBeenCalledTimes(1)
    expect(events.map((e) => e.ts)).toEqual([T1])
    expect(c.lastTs).toBe(T1) // the heartbeat's ts is the clock's, never a resume point
    off()
    ws.event('shelters', 'deleted', T2, { id: 7 })
    expect(shelters).toHaveBeenCalledTimes(1)
    expect(any).toHaveBeenCalledTimes(2)
    c.stop()
  })

  it('survives a handler that throws', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { c, events } = client()
    c.on('shelters', () => {
      throw new Error('boom')
    })
    c.start()
    const ws = FakeSocket.last()
    ws.open()
    ws.ack(T0)
    ws.event('shelters', 'updated', T1)
    ws.event('shelters', 'updated', T2)
    expect(events).toHaveLength(2)
    expect(c.state).toBe('connected')
    err.mockRestore()
    c.stop()
  })

  it('reconnects after a drop with backoff and resumes with since = the last event ts', () => {
    const subscribed = vi.fn()
    const { c, states } = client({ onSubscribed: subscribed })
    c.start()
    let ws = FakeSocket.last()
    ws.open()
    ws.ack(T0)
    ws.event('enterprises', 'updated', T1)
    ws.drop()
    expect(c.state).toBe('reconnecting')
    expect(FakeSocket.all).toHaveLength(1)
    vi.advanceTimersByTime(999)
    expect(FakeSocket.all).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(FakeSocket.all).toHaveLength(2)
    ws = FakeSocket.last()
    ws.open()
    expect(ws.sent).toEqual([{ subscribe: ['shelters', 'enterprises'], since: T1 }])
    // The ack carries the hub's newest ts, newer than the replay that follows: not taken.
    ws.ack(T3)
    expect(subscribed).toHaveBeenLastCalledWith(true)
    expect(c.lastTs).toBe(T1)
    ws.event('enterprises', 'created', T2)
    expect(c.lastTs).toBe(T2)
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected'])
    c.stop()
  })

  it('backs off exponentially up to the cap and reads offline after repeated failures, still retrying', () => {
    const { c } = client({ offlineAfter: 3 })
    c.start()
    const delays: number[] = []
    for (let i = 0; i < 8; i++) {
      FakeSocket.last().drop() // refused before opening
      const before = FakeSocket.all.length
      let waited = 0
      while (FakeSocket.all.length === before) {
        vi.advanceTimersByTime(500)
        waited += 500
      }
      delays.push(waited)
      if (i === 1) expect(c.state).toBe('reconnecting')
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000])
    expect(c.state).toBe('offline')
    // Finally the server answers: connected again, and the next drop starts from the base delay
    // only if the connection had been up for a while.
    const ws = FakeSocket.last()
    ws.open()
    ws.ack(T0)
    expect(c.state).toBe('connected')
    ws.drop()
    expect(c.state).toBe('reconnecting')
    vi.advanceTimersByTime(29_999)
    expect(FakeSocket.all.length).toBe(9) // a flapping server is not hammered
    vi.advanceTimersByTime(1)
    expect(FakeSocket.all.length).toBe(10)
    c.stop()
  })

  it('starts the backoff over when a connection that was stable drops', () => {
    const { c } = client()
    c.start()
    for (let i = 0; i < 4; i++) {
      FakeSocket.last().drop()
      vi.advanceTimersByTime(30_000)
    }
    const ws = FakeSocket.last()
    ws.open()
    ws.ack(T0)
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(30_000)
      ws.msg({ topic: 'heartbeat', type: 'heartbeat', ts: T1 })
    }
    const n = FakeSocket.all.length
    ws.drop()
    vi.advanceTimersByTime(1000)
    expect(FakeSocket.all.length).toBe(n + 1)
    c.stop()
  })

  it('treats more than 75 s without any message as a dead connection; heartbeats keep it alive', () => {
    const { c } = client()
    c.start()
    const ws = FakeSocket.last()
    ws.open()
    ws.ack(T0)
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(30_000)
      ws.msg({ topic: 'heartbeat', type: 'heartbeat', ts: T1 })
    }
    expect(c.state).toBe('connected')
    expect(ws.closed).toBeNull()
    vi.advanceTimersByTime(74_999)
    expect(c.state).toBe('connected')
    vi.advanceTimersByTime(1)
    expect(c.state).toBe('reconnecting')
    expect(ws.closed).not.toBeNull()
    // The dead socket's late close is ignored: one retry only.
    ws.drop()
    vi.advanceTimersByTime(1000)
    expect(FakeSocket.all).toHaveLength(2)
    c.stop()
  })

  it('gives up on an attempt that is not acknowledged within the connect timeout', () => {
    const { c } = client({ connectTimeoutMs: 5000 })
    c.start()
    FakeSocket.last().open() // opened, but no ack
    vi.advanceTimersByTime(5000)
    expect(c.state).toBe('reconnecting')
    expect(FakeSocket.all[0].closed).not.toBeNull()
    c.stop()
  })

  it('asks the consumer to reload on reset and resumes after it', () => {
    const onReset = vi.fn()
    const { c } = client({ onReset })
    c.start()
    let ws = FakeSocket.last()
    ws.open()
    ws.ack(T0)
    ws.msg({ topic: 'system', type: 'reset', ts: T2, data: { reason: 'too_slow' } })
    expect(onReset).toHaveBeenCalledWith('too_slow')
    expect(c.lastTs).toBe(T2)
    expect(c.state).toBe('connected')
    ws.drop()
    vi.advanceTimersByTime(1000)
    ws = FakeSocket.last()
    ws.open()
    expect((ws.sent[0] as { since: string }).since).toBe(T2)
    ws.ack(T3)
    ws.msg({ topic: 'system', type: 'reset', ts: T3, data: { reason: 'history' } })
    expect(onReset).toHaveBeenLastCalledWith('history')
    c.stop()
  })

  it('reports server error messages and keeps the connection', () => {
    const onError = vi.fn()
    const { c } = client({ onError })
    c.start()
    const ws = FakeSocket.last()
    ws.open()
    ws.msg({ error: { code: 'bad_request', message: "There is no topic 'x'.", field: 'subscribe' } })
    expect(onError).toHaveBeenCalledWith({ code: 'bad_request', message: "There is no topic 'x'.", field: 'subscribe' })
    expect(ws.closed).toBeNull()
    c.stop()
  })

  it('stops cleanly: closes with 1000, never retries, ignores the old socket', () => {
    const { c, events } = client()
    c.start()
    const ws = FakeSocket.last()
    ws.open()
    ws.ack(T0)
    c.stop()
    expect(ws.closed).toBe(1000)
    expect(c.state).toBe('offline')
    ws.event('shelters', 'created', T1)
    ws.drop()
    vi.advanceTimersByTime(600_000)
    expect(FakeSocket.all).toHaveLength(1)
    expect(events).toHaveLength(0)
    // Started again, it resumes where it was.
    c.start()
    FakeSocket.last().open()
    expect(FakeSocket.last().sent).toEqual([{ subscribe: ['shelters', 'enterprises'], since: T0 }])
    c.stop()
  })

  it('stops while waiting to retry', () => {
    const { c } = client()
    c.start()
    FakeSocket.last().drop()
    c.stop()
    vi.advanceTimersByTime(600_000)
    expect(FakeSocket.all).toHaveLength(1)
  })

  it('stays offline where there is no WebSocket', () => {
    const { c, states } = client({ env: { WebSocket: undefined } })
    c.start()
    expect(c.state).toBe('offline')
    expect(states).toEqual([])
    c.stop()
  })

  it('retries when the constructor throws (e.g. a blocked URL)', () => {
    let fail = true
    class Flaky extends FakeSocket {
      constructor(url: string) {
        if (fail) throw new Error('SecurityError')
        super(url)
      }
    }
    const { c } = client({ env: { WebSocket: Flaky } })
    c.start()
    expect(c.state).toBe('reconnecting')
    fail = false
    vi.advanceTimersByTime(1000)
    expect(FakeSocket.all).toHaveLength(1)
    c.stop()
  })

  it('retries at once when the network comes back', () => {
    let online: (() => void) | null = null
    const { c } = client({ env: { onOnline: (fn) => ((online = fn), () => (online = null)) } })
    c.start()
    FakeSocket.last().drop()
    FakeSocket.last() // waiting for the retry
    vi.advanceTimersByTime(100)
    online!()
    expect(FakeSocket.all).toHaveLength(2)
    online!() // already connecting: nothing more
    expect(FakeSocket.all).toHaveLength(2)
    c.stop()
    expect(online).toBeNull()
  })
})

describe('LiveClient when the server ends the session', () => {
  for (const reason of ['session_ended', 'rights_changed', 'expired']) {
    it(`stops for good on {"type":"closed","reason":"${reason}"}: no reconnect, reported once`, () => {
      const closed = vi.fn()
      const { c, states } = client({ onClosed: closed })
      c.start()
      const ws = FakeSocket.last()
      ws.open()
      ws.ack(T0)
      ws.end(reason)
      expect(closed).toHaveBeenCalledTimes(1)
      expect(closed).toHaveBeenCalledWith(reason)
      expect(c.closedReason).toBe(reason)
      expect(c.state).toBe('offline')
      expect(states.at(-1)).toBe('offline')
      vi.advanceTimersByTime(10 * 60_000)
      expect(FakeSocket.all).toHaveLength(1) // no reconnect loop
      c.reconnectNow()
      c.start() // a closed client stays closed
      expect(FakeSocket.all).toHaveLength(1)
    })
  }

  it('takes a bare 1008 close (no closed message seen) as the end too', () => {
    const closed = vi.fn()
    const { c } = client({ onClosed: closed })
    c.start()
    const ws = FakeSocket.last()
    ws.open()
    ws.ack(T0)
    ws.onclose?.({ code: 1008 })
    expect(closed).toHaveBeenCalledWith('policy')
    vi.advanceTimersByTime(10 * 60_000)
    expect(FakeSocket.all).toHaveLength(1)
  })

  it('still retries after an ordinary drop (1006)', () => {
    const closed = vi.fn()
    const { c } = client({ onClosed: closed })
    c.start()
    FakeSocket.last().open()
    FakeSocket.last().ack(T0)
    FakeSocket.last().drop()
    vi.advanceTimersByTime(1000)
    expect(FakeSocket.all).toHaveLength(2)
    expect(closed).not.toHaveBeenCalled()
    c.stop()
  })

  it('passes moves on as the server sends them: out of scope as deleted, into it as created', () => {
    const { c, events } = client()
    c.start()
    FakeSocket.last().open()
    FakeSocket.last().ack(T0)
    FakeSocket.last().event('shelters', 'deleted', T1, { id: 7 })
    FakeSocket.last().event('shelters', 'created', T2, { id: 8, name: 'moved in', town_code: '330106009', version: 3 })
    expect(events.map((e) => [e.type, e.data.id])).toEqual([['deleted', 7], ['created', 8]])
    c.stop()
  })
})

describe('useLive', () => {
  function host(enabled: () => boolean) {
    let exposed: ReturnType<typeof useLive> | null = null
    const Comp = defineComponent({
      setup() {
        exposed = useLive({ topics: ['shelters'], enabled, env: { WebSocket: FakeSocket, url: () => 'ws://x/api/v1/live', onOnline: () => () => {} } })
        return () => h('span', exposed!.state.value)
      },
    })
    const w = mount(Comp)
    return { w, live: () => exposed! }
  }

  it('follows enabled (signed in) and stops when the component unmounts', async () => {
    const signedIn = ref(true)
    const { w, live } = host(() => signedIn.value)
    expect(FakeSocket.all).toHaveLength(1)
    FakeSocket.last().open()
    FakeSocket.last().ack(T0)
    await nextTick()
    expect(w.text()).toBe('connected')
    signedIn.value = false
    await nextTick()
    expect(FakeSocket.all[0].closed).toBe(1000)
    expect(live().state.value).toBe('offline')
    signedIn.value = true
    await nextTick()
    expect(FakeSocket.all).toHaveLength(2)
    w.unmount()
    expect(FakeSocket.all[1].closed).toBe(1000)
    vi.advanceTimersByTime(600_000)
    expect(FakeSocket.all).toHaveLength(2)
  })

  it('tells the onLiveClosed listeners (the app sends the user to the login page) and stops', async () => {
    const heard: string[] = []
    const off = onLiveClosed((r) => heard.push(r))
    const { w, live } = host(() => true)
    FakeSocket.last().open()
    FakeSocket.last().ack(T0)
    FakeSocket.last().end('session_ended')
    await nextTick()
    expect(heard).toEqual(['session_ended'])
    expect(live().state.value).toBe('offline')
    vi.advanceTimersByTime(600_000)
    expect(FakeSocket.all).toHaveLength(1)
    off()
    w.unmount()
  })

  it('stops when the session expires (a 401 on any API request)', async () => {
    const { api } = await import('@/api')
    const { live } = host(() => true)
    FakeSocket.last().open()
    FakeSocket.last().ack(T0)
    const fetchMock = vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Sign in.' } }), { status: 401, headers: { 'content-type': 'application/json' } }),
    )
    await api.get('/auth/me').catch(() => {})
    fetchMock.mockRestore()
    expect(live().state.value).toBe('offline')
    expect(FakeSocket.all[0].closed).toBe(1000)
  })
})
