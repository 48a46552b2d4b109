// Live updates (API-CONVENTIONS.md "Live updates", src/http/live.h): one WebSocket to
// /api/v1/live on this page's origin. The session cookie authenticates it; the client subscribes
// to topics, resumes with `since` (the last event ts seen) after a reconnect, treats a silence
// longer than the heartbeat allowance as a dead connection, and reports its state:
//
//   connecting   → the first attempt, not yet acknowledged
//   connected    → the server acknowledged the subscription ({"topic":"system","type":"subscribed"})
//   reconnecting → the connection dropped (or never came up); retrying with capped, jittered backoff
//   offline      → stopped, WebSocket unavailable, or several attempts in a row failed (retries go on)
//
// {"topic":"system","type":"reset"} means events were lost: the consumer reloads (onReset).
// {"topic":"system","type":"closed","data":{"reason":…}} (then close code 1008) means the rights the
// socket was opened with are gone (logout, account disabled, token revoked, role or scope changed,
// session expired): the client stops for good, no reconnect, and reports it (onClosed; useLive also
// tells the onLiveClosed listeners, which send the user to the login page).
// LiveClient is plain logic with its environment injectable (timers, WebSocket, random, clock),
// so it is unit-tested with a fake socket; useLive ties it to a component and to the session.

import { getCurrentInstance, onBeforeUnmount, readonly, ref, watch, type Ref } from 'vue'
import { onSessionExpired } from './index'

export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'offline'

/** An event as the server sends it; `data` is the object, or {id} when deleted. */
export interface LiveEvent {
  topic: string
  type: string
  data: Record<string, unknown>
  ts: string
}

export interface LiveErrorBody {
  code: string
  message: string
  field?: string
  request_id?: string
}

/** What LiveClient needs of a WebSocket (the browser's fits). */
export interface LiveSocket {
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: unknown) => void) | null
  onerror: ((ev: unknown) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}
export type LiveSocketCtor = new (url: string) => LiveSocket

export interface LiveEnv {
  /** Undefined where the browser has no WebSocket: the client stays offline. */
  WebSocket: LiveSocketCtor | undefined
  url: () => string
  setTimeout: (fn: () => void, ms: number) => unknown
  clearTimeout: (id: unknown) => void
  random: () => number
  now: () => number
  /** Calls fn when the network comes back; returns the unsubscribe. */
  onOnline: (fn: () => void) => () => void
}

export interface Backoff {
  baseMs: number
  maxMs: number
  factor: number
}
export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 30_000, factor: 2 }

/**
 * The wait before retry number `attempt` (0-based): exponential, capped at maxMs, with "equal
 * jitter" (between half and all of it) so that many screens do not reconnect in step.
 */
export function backoffDelay(attempt: number, random: number, b: Backoff = DEFAULT_BACKOFF): number {
  const exp = Math.min(b.maxMs, b.baseMs * Math.pow(b.factor, Math.max(0, Math.min(attempt, 30))))
  const r = Math.min(1, Math.max(0, random))
  return Math.round(exp / 2 + (r * exp) / 2)
}

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
/** The hub's ts format; ordered as text. */
export function isLiveTs(v: unknown): v is string {
  return typeof v === 'string' && TS.test(v)
}

/** Close code of a socket whose session ended (RFC 6455 policy violation). */
export const POLICY_CLOSE = 1008

export interface LiveOptions {
  topics: readonly string[]
  /** Every event of a subscribed topic (after the per-topic handlers registered with on()). */
  onEvent?: (e: LiveEvent) => void
  /** Events were lost: reload what is shown. */
  onReset?: (reason: string) => void
  onState?: (s: LiveState) => void
  /** Each acknowledged subscription; resumed = it was sent with `since` (missed events follow). */
  onSubscribed?: (resumed: boolean) => void
  /**
   * The server ended the connection because the session's rights are gone: reason is the server's
   * code (session_ended, rights_changed, expired; 'policy' for a bare 1008 close). Not retried.
   */
  onClosed?: (reason: string) => void
  /** An error message from the server (the connection stays open). */
  onError?: (e: LiveErrorBody) => void
  /** No message (event or heartbeat, sent every 30 s) for this long: the connection is dead. */
  heartbeatTimeoutMs?: number
  /** Opening and being acknowledged may take this long. */
  connectTimeoutMs?: number
  /** Consecutive failed attempts after which the state reads offline (retries continue). */
  offlineAfter?: number
  /** A connection acknowledged at least this long ago starts the backoff over when it drops. */
  stableMs?: number
  backoff?: Partial<Backoff>
  env?: Partial<LiveEnv>
}

function defaultUrl(): string {
  const loc = globalThis.location
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/api/v1/live`
}

function defaultEnv(): LiveEnv {
  const g = globalThis as typeof globalThis & { WebSocket?: LiveSocketCtor }
  return {
    WebSocket: typeof g.WebSocket === 'function' ? g.WebSocket : undefined,
    url: defaultUrl,
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
    random: Math.random,
    now: Date.now,
    onOnline: (fn) => {
      if (typeof window === 'undefined' || !window.addEventListener) return () => {}
      window.addEventListener('online', fn)
      return () => window.removeEventListener('online', fn)
    },
  }
}

type Handler = (e: LiveEvent) => void

export class LiveClient {
  private readonly opts: LiveOptions
  private readonly env: LiveEnv
  private readonly backoff: Backoff
  private readonly handlers = new Map<string, Set<Handler>>()
  private readonly stateListeners = new Set<(s: LiveState) => void>()
  private _state: LiveState = 'offline'
  private _closedReason: string | null = null
  private _lastTs: string | null = null
  private running = false
  private socket: LiveSocket | null = null
  private sentSince = false
  private acked = false
  private ackAt = 0
  private attempt = 0 // backoff exponent
  private failures = 0 // consecutive failed attempts since the last acknowledgement
  private retryTimer: unknown = null
  private deadTimer: unknown = null
  private offOnline: (() => void) | null = null

  constructor(opts: LiveOptions) {
    this.opts = opts
    this.env = { ...defaultEnv(), ...opts.env }
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff }
  }

  get state(): LiveState {
    return this._state
  }

  /** The ts of the last event (or acknowledgement) seen: sent as `since` on reconnect. */
  get lastTs(): string | null {
    return this._lastTs
  }

  /** The server's reason when it ended the connection for good; null otherwise. */
  get closedReason(): string | null {
    return this._closedReason
  }

  /** Registers a handler for one topic ('*' for all); returns the unsubscribe. */
  on(topic: string, fn: Handler): () => void {
    let set = this.handlers.get(topic)
    if (!set) this.handlers.set(topic, (set = new Set()))
    set.add(fn)
    return () => set.delete(fn)
  }

  onState(fn: (s: LiveState) => void): () => void {
    this.stateListeners.add(fn)
    return () => this.stateListeners.delete(fn)
  }

  start(): void {
    if (this.running || this._closedReason !== null) return
    this.running = true
    if (!this.env.WebSocket) {
      this.setState('offline')
      return
    }
    this.failures = 0
    this.attempt = 0
    this.offOnline = this.env.onOnline(() => this.reconnectNow())
    this.connect()
  }

  /** Closes the connection and stops retrying (page left, user signed out). */
  stop(): void {
    if (!this.running) return
    this.running = false
    this.clearTimer('retryTimer')
    this.clearTimer('deadTimer')
    this.offOnline?.()
    this.offOnline = null
    this.drop(1000)
    this.setState('offline')
  }

  /** Retries at once if not connected (e.g. the network came back). */
  reconnectNow(): void {
    if (!this.running || this.socket) return
    this.clearTimer('retryTimer')
    this.attempt = 0
    this.connect()
  }

  // --- internals ---------------------------------------------------------------------------

  private setState(s: LiveState): void {
    if (s === this._state) return
    this._state = s
    this.opts.onState?.(s)
    for (const fn of this.stateListeners) fn(s)
  }

  private waitingState(): LiveState {
    if (this.failures >= (this.opts.offlineAfter ?? 4)) return 'offline'
    return this.failures === 0 && this._lastTs === null && this.ackAt === 0 ? 'connecting' : 'reconnecting'
  }

  private clearTimer(which: 'retryTimer' | 'deadTimer'): void {
    if (this[which] !== null) this.env.clearTimeout(this[which])
    this[which] = null
  }

  private armDeadline(ms: number): void {
    this.clearTimer('deadTimer')
    this.deadTimer = this.env.setTimeout(() => {
      this.deadTimer = null
      this.fail()
    }, ms)
  }

  private connect(): void {
    this.retryTimer = null
    this.setState(this.waitingState())
    let ws: LiveSocket
    try {
      ws = new this.env.WebSocket!(this.env.url())
    } catch {
      this.fail()
      return
    }
    this.socket = ws
    this.acked = false
    this.sentSince = false
    ws.onopen = () => {
      if (ws !== this.socket) return
      const msg: { subscribe: string[]; since?: string } = { subscribe: [...this.opts.topics] }
      if (this._lastTs) msg.since = this._lastTs
      this.sentSince = !!msg.since
      try {
        ws.send(JSON.stringify(msg))
      } catch {
        this.fail()
      }
    }
    ws.onmessage = (ev) => {
      if (ws !== this.socket) return
      this.armDeadline(this.opts.heartbeatTimeoutMs ?? 75_000)
      this.handle(ev.data)
    }
    ws.onclose = (ev) => {
      if (ws !== this.socket) return
      const code = (ev as { code?: unknown } | null)?.code
      if (code === POLICY_CLOSE) this.end('policy')
      else this.fail()
    }
    ws.onerror = () => {
      if (ws === this.socket) this.fail()
    }
    this.armDeadline(this.opts.connectTimeoutMs ?? 15_000)
  }

  /** Forgets the current socket (its late callbacks are ignored) and closes it. */
  private drop(code?: number): void {
    const ws = this.socket
    if (!ws) return
    this.socket = null
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null
    try {
      ws.close(code)
    } catch {
      /* already closed */
    }
  }

  /** The server ended the session's connection: stop for good and say why (once). */
  private end(reason: string): void {
    if (this._closedReason !== null) return
    this._closedReason = reason
    this.stop()
    this.opts.onClosed?.(reason)
  }

  /** The connection failed or died: schedule the next attempt. */
  private fail(): void {
    this.clearTimer('deadTimer')
    this.drop()
    if (!this.running) return
    if (this.acked && this.env.now() - this.ackAt >= (this.opts.stableMs ?? 30_000)) this.attempt = 0
    this.acked = false
    this.failures++
    this.setState(this.waitingState())
    this.clearTimer('retryTimer')
    const delay = backoffDelay(this.attempt++, this.env.random(), this.backoff)
    this.retryTimer = this.env.setTimeout(() => this.connect(), delay)
  }

  private noteTs(ts: unknown): void {
    if (isLiveTs(ts) && (this._lastTs === null || ts > this._lastTs)) this._lastTs = ts
  }

  private handle(raw: unknown): void {
    if (typeof raw !== 'string') return
    let m: Record<string, unknown>
    try {
      const v: unknown = JSON.parse(raw)
      if (!v || typeof v !== 'object' || Array.isArray(v)) return
      m = v as Record<string, unknown>
    } catch {
      return
    }
    if (m.error && typeof m.error === 'object') {
      this.opts.onError?.(m.error as LiveErrorBody)
      return
    }
    const topic = m.topic
    const type = m.type
    if (typeof topic !== 'string' || typeof type !== 'string') return
    if (topic === 'heartbeat') return // its ts is the clock's, not an event's: never a `since`
    if (topic === 'system') {
      if (type === 'subscribed') {
        // Without `since`, the ack's ts (the newest event so far) is where a resume starts; with
        // it, the ack may be newer than the events about to be replayed, so it is not taken.
        if (!this.sentSince && this._lastTs === null) this.noteTs(m.ts)
        this.acked = true
        this.ackAt = this.env.now()
        this.failures = 0
        this.setState('connected')
        this.opts.onSubscribed?.(this.sentSince)
      } else if (type === 'closed') {
        const reason = (m.data as { reason?: unknown } | undefined)?.reason
        this.end(typeof reason === 'string' && reason ? reason : 'policy')
      } else if (type === 'reset') {
        this.noteTs(m.ts)
        const reason = (m.data as { reason?: unknown } | undefined)?.reason
        this.opts.onReset?.(typeof reason === 'string' ? reason : '')
      }
      return
    }
    if (!this.opts.topics.includes(topic)) return
    this.noteTs(m.ts)
    const data = m.data && typeof m.data === 'object' ? (m.data as Record<string, unknown>) : {}
    const e: LiveEvent = { topic, type, data, ts: typeof m.ts === 'string' ? m.ts : '' }
    for (const key of [topic, '*']) {
      for (const fn of this.handlers.get(key) ?? []) {
        try {
          fn(e)
        } catch (err) {
          console.error('live handler failed', err)
        }
      }
    }
    try {
      this.opts.onEvent?.(e)
    } catch (err) {
      console.error('live handler failed', err)
    }
  }
}

type ClosedListener = (reason: string) => void
const closedListeners = new Set<ClosedListener>()

/** Registers a handler for "the server ended this session's live connection" (any useLive). */
export function onLiveClosed(fn: ClosedListener): () => void {
  closedListeners.add(fn)
  return () => closedListeners.delete(fn)
}

export interface UseLiveOptions extends Omit<LiveOptions, 'onState'> {
  /** Connect only while this is true (e.g. while signed in); default always. */
  enabled?: () => boolean
}

/**
 * A LiveClient for the calling component: started while `enabled()` holds, stopped when the
 * component unmounts, the user signs out (enabled turns false), the session expires (any 401) or
 * the server ends it (closed).
 */
export function useLive(opts: UseLiveOptions): { state: Readonly<Ref<LiveState>>; client: LiveClient } {
  const state = ref<LiveState>('offline')
  const client = new LiveClient({
    ...opts,
    onState: (s) => (state.value = s),
    onClosed: (reason) => {
      opts.onClosed?.(reason)
      for (const fn of closedListeners) fn(reason)
    },
  })
  const enabled = opts.enabled ?? (() => true)
  const offExpired = onSessionExpired(() => client.stop())
  const stopWatch = watch(enabled, (on) => (on ? client.start() : client.stop()), { immediate: true })
  const dispose = () => {
    stopWatch()
    offExpired()
    client.stop()
  }
  if (getCurrentInstance()) onBeforeUnmount(dispose)
  return { state: readonly(state), client }
}
