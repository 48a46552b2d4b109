#!/usr/bin/env node
// Console load benchmark (console issue, item 8): how fast the built console (web/dist) turns
// into an interactive map, how much JavaScript it ships, and how fast the map renders once the
// data is there. Headless Debian Chromium driven by playwright-core (from web/node_modules),
// against a running lakeguard on 127.0.0.1 (bench/console_load.sh starts a fresh demo server).
//
//   LAKEGUARD_URL=http://127.0.0.1:PORT LAKEGUARD_DEMO_PASSWORD=… node bench/console_load.mjs
//
// Prints Markdown on stdout (progress on stderr), ending with `RESULT console_load: PASS|FAIL`.
// Exit status 0 when the benchmark ran (goals met or not), non-zero when it could not run.
//
// Goals:
//   (a) cold load → interactive map ≤ 1.5 s: from navigation start of /map (fresh browser
//       context, so an empty cache; a session cookie obtained beforehand through the API, so
//       login is excluded) to the first moment MapLibre's `load` has fired and
//       window.__lakeguardMap.layerCounts() is non-zero for every layer (jurisdictions + the
//       seven point layers). Also reported: the same including a login through the login page.
//   (b) initial JavaScript ≤ 1 MB gzipped: `npm run size` in web/ (its figures, as printed).
//   (c) every layer on, the map renders within 1 s of the data arriving: from the last
//       *.geojson response received (Playwright's requestfinished timing, responseEnd) to the
//       map's first `idle` event after setData() was called on every layer's source.
//
// How the page is observed, without changing the console: an init script turns
// window.__lakeguardMap (which the console's MapController assigns in its constructor) into an
// accessor, so the benchmark gets the MapLibre map as soon as it exists; it listens to `load`,
// `idle`, `render`, `sourcedata`, `movestart`/`moveend`, wraps setData() of each layer's source
// as soon as the style has the source (the console may add its sources only after `load`; either
// way before it can call setData), notes when the console sets `ready`, and records long tasks.
// All times are performance.now() in the page (0 = navigation start).
//
// Settings (environment): BENCH_RUNS (5) measured runs per measurement, BENCH_WARMUP (1)
// unmeasured runs first, BENCH_PROFILE (1: one extra CPU-profiled run, for "where the time
// goes"; 0: none), BENCH_TRACE (1: one extra run under Chromium's tracing, summarising what the
// page's main thread did, JavaScript or not; 0: none), BENCH_USER (admin), BENCH_RUN_TIMEOUT_MS (45000), BENCH_DEADLINE_S (600:
// the whole script), CHROMIUM_PATH (/usr/bin/chromium), WEB_DIST (web/dist, for sizes).
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '..')
const require = createRequire(path.join(repo, 'web/package.json'))
const { chromium } = require('playwright-core')

const BASE = (process.env.LAKEGUARD_URL ?? '').replace(/\/+$/, '')
const PASSWORD = process.env.LAKEGUARD_DEMO_PASSWORD ?? ''
const USER = process.env.BENCH_USER ?? 'admin'
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1)
const PROFILE = (process.env.BENCH_PROFILE ?? '1') !== '0'
const TRACE = (process.env.BENCH_TRACE ?? '1') !== '0'
const RUN_TIMEOUT = Number(process.env.BENCH_RUN_TIMEOUT_MS ?? 45_000)
const DEADLINE_S = Number(process.env.BENCH_DEADLINE_S ?? 600)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const DIST = path.resolve(process.env.WEB_DIST ?? path.join(repo, 'web/dist'))
const LAYERS = ['jurisdictions', 'enterprises', 'shelters', 'warehouses', 'teams', 'devices', 'cameras', 'stations']
// The map's GeoJSON sources that hold them: the seven point layers share one clustered source.
const SOURCES = ['jurisdictions', 'points']
const GOAL = { coldMs: 1500, initialJsKiB: 1024, renderMs: 1000 }
const VIEWPORT = { width: 1280, height: 720 }

const log = (...a) => console.error(`[console_load ${new Date().toISOString().slice(11, 19)}]`, ...a)

if (!BASE || !PASSWORD) {
  console.error('Set LAKEGUARD_URL and LAKEGUARD_DEMO_PASSWORD.')
  process.exit(2)
}
const baseUrl = new URL(BASE)
if (baseUrl.hostname !== '127.0.0.1') {
  console.error(`LAKEGUARD_URL must be on 127.0.0.1 (got ${baseUrl.hostname}).`)
  process.exit(2)
}

// --- statistics and formatting -----------------------------------------------------------
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (!s.length) return NaN
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const max = (xs) => Math.max(...xs.filter((x) => Number.isFinite(x)))
const min = (xs) => Math.min(...xs.filter((x) => Number.isFinite(x)))
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '–')
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
const short = (url) => {
  const u = new URL(url)
  return u.pathname.replace(/^\/assets\//, '') + (u.search ? u.search : '')
}

// --- the browser -------------------------------------------------------------------------
// Nothing may leave the machine, without routing every request through Playwright (which would
// slow the page down): names other than 127.0.0.1 do not resolve, everything that is not
// loopback goes to a closed proxy port, and every request is checked afterwards.
const BASE_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
  '--proxy-server=http://127.0.0.1:9', '--proxy-bypass-list=127.0.0.1;localhost',
]
let browser = null
let browserArgs = BASE_ARGS
let glRenderer = ''

async function launch(extra) {
  browserArgs = [...BASE_ARGS, ...extra]
  return chromium.launch({ executablePath: CHROMIUM, args: browserArgs, timeout: 60_000 })
}

async function probeWebgl(b) {
  const page = await b.newPage()
  try {
    return await page.evaluate(() => {
      const c = document.createElement('canvas')
      const gl = c.getContext('webgl2') ?? c.getContext('webgl')
      if (!gl) return null
      const ext = gl.getExtension('WEBGL_debug_renderer_info')
      return String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER))
    })
  } finally {
    await page.close()
  }
}

let deadlineTimer = null
let stopping = false
async function shutdown(code, why) {
  if (stopping) return new Promise(() => {}) // the first caller exits
  stopping = true
  if (why) log(why)
  clearTimeout(deadlineTimer)
  try {
    await browser?.close()
  } catch {}
  process.exit(code)
}
process.on('SIGTERM', () => void shutdown(143, 'SIGTERM: closing the browser'))
process.on('SIGINT', () => void shutdown(130, 'SIGINT: closing the browser'))
deadlineTimer = setTimeout(() => void shutdown(3, `deadline of ${DEADLINE_S} s reached`), DEADLINE_S * 1000)
deadlineTimer.unref()

// --- what runs inside the page ------------------------------------------------------------
function pageInstrument({ layers, sources }) {
  const now = () => performance.now()
  const b = (window.__bench = {
    t: {},
    setData: {},
    setDataCalls: 0,
    content: {},
    idle: [],
    moves: [],
    renders: 0,
    renderTimes: [],
    longtasks: [],
    errors: [],
  })
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch {}
  const complete = (h) => {
    try {
      const c = h.layerCounts()
      return layers.every((l) => (c[l] ?? 0) > 0)
    } catch {
      return false
    }
  }
  const allSet = () => sources.every((l) => b.setData[l] !== undefined)
  const attach = (h) => {
    b.t.mapCreated = now()
    // (a) needs both `load` and every layer's data, whichever comes last.
    const noteInteractive = (t) => {
      if (b.t.interactive === undefined && b.t.load !== undefined && complete(h)) b.t.interactive = t
    }
    const wrapped = new Set()
    const wrapSource = (id) => {
      if (wrapped.has(id)) return
      const src = map.getSource(id)
      if (!src || typeof src.setData !== 'function') return
      wrapped.add(id)
      const orig = src.setData
      src.setData = function (...args) {
        const t = now()
        b.setDataCalls++
        if (b.setData[id] === undefined) b.setData[id] = t
        const r = orig.apply(this, args)
        noteInteractive(t)
        if (b.t.allSet === undefined && allSet()) b.t.allSet = t
        return r
      }
    }
    let ready = h.ready
    Object.defineProperty(h, 'ready', {
      configurable: true,
      enumerable: true,
      get: () => ready,
      set(v) {
        ready = v
        if (v && b.t.ready === undefined) b.t.ready = now()
      },
    })
    const map = h.map
    // Sources reach the style through style.addSource, whether listed in the style the map was
    // created with (added when it is parsed, before `style.load`) or added later (map.addSource).
    const style = map.style
    if (style && typeof style.addSource === 'function') {
      const addSource = style.addSource
      style.addSource = function (id, ...rest) {
        const r = addSource.call(this, id, ...rest)
        if (sources.includes(id)) wrapSource(id)
        return r
      }
    }
    map.on('style.load', () => sources.forEach(wrapSource))
    map.on('load', () => {
      b.t.load = now()
      sources.forEach(wrapSource) // (sources may also come later, with their data)
      noteInteractive(b.t.load)
    })
    map.on('sourcedata', (e) => {
      if (e.sourceDataType === 'content' && b.setData[e.sourceId] !== undefined && b.content[e.sourceId] === undefined) {
        b.content[e.sourceId] = now()
      }
    })
    map.on('render', () => {
      b.renders++
      if (b.t.load !== undefined && b.renderTimes.length < 5000) b.renderTimes.push(now())
      if (b.t.allSet === undefined || b.t.drawn !== undefined) return
      if (!sources.every((l) => b.content[l] !== undefined)) return
      // (A source's layers may come after its data: until they do, it has no tiles to wait for.)
      const drawnFrom = new Set(map.getLayersOrder().map((id) => map.getLayer(id)?.source))
      if (!sources.every((l) => drawnFrom.has(l))) return
      if (map.areTilesLoaded()) b.t.drawn = now()
    })
    map.on('idle', () => {
      const t = now()
      b.idle.push(t)
      if (b.t.allSet !== undefined && b.t.idleAfterSet === undefined) b.t.idleAfterSet = t
    })
    map.on('movestart', () => b.moves.push(['start', now()]))
    map.on('moveend', () => b.moves.push(['end', now()]))
    map.on('error', (e) => b.errors.push(String(e?.error?.message ?? e)))
  }
  let handle
  Object.defineProperty(window, '__lakeguardMap', {
    configurable: true,
    get: () => handle,
    set(h) {
      handle = h
      if (h && !b.attached) {
        b.attached = true
        try {
          attach(h)
        } catch (e) {
          b.errors.push(`attach: ${e}`)
        }
      }
    },
  })
}

// --- one run -------------------------------------------------------------------------------
/**
 * mode 'cold': a session cookie first (API login), then a fresh page goes to /map.
 * mode 'login': a fresh page goes to /login, signs in through the form, lands on /map.
 * mode 'profile': like 'cold', with the main thread's CPU profile recorded (timings not used).
 * mode 'trace': like 'cold', under Chromium tracing (written to traceFile; timings not used).
 */
async function run(mode, label, traceFile = null) {
  const context = await browser.newContext({
    baseURL: BASE,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
  })
  context.setDefaultTimeout(RUN_TIMEOUT)
  const external = []
  const finished = []
  const encodings = new Map()
  try {
    await context.addInitScript(pageInstrument, { layers: LAYERS, sources: SOURCES })
    if (mode !== 'login') {
      const r = await context.request.post('/api/v1/auth/login', {
        data: { username: USER, password: PASSWORD },
        headers: { 'X-Requested-With': 'lakeguard' },
      })
      if (r.status() !== 200) throw new Error(`API login as ${USER}: HTTP ${r.status()}`)
    }
    const page = await context.newPage()
    page.on('request', (req) => {
      const u = new URL(req.url())
      if ((u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'ws:' || u.protocol === 'wss:') && u.hostname !== '127.0.0.1') {
        external.push(req.url())
      }
    })
    page.on('requestfinished', (req) => finished.push(req))
    page.on('response', (resp) => {
      if (/\.(js|mjs)(\?|$)/.test(resp.url())) encodings.set(resp.url(), resp.headers()['content-encoding'] ?? '')
    })
    const pageErrors = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' })
    let profiling = false
    if (mode === 'profile') {
      // A same-origin page first, so the renderer that will run the console is the one profiled.
      await page.goto('/favicon.svg')
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 250 })
      await cdp.send('Profiler.start')
      profiling = true
    }

    if (mode === 'trace') {
      await browser.startTracing(page, {
        path: traceFile,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'gpu', 'cc', 'toplevel'],
      })
    }
    let loginOrigin = null
    let clickAt = null
    if (mode === 'login') {
      await page.goto('/login', { waitUntil: 'commit' })
      loginOrigin = await page.evaluate(() => performance.timeOrigin)
      await page.fill('input[name=username]', USER)
      await page.fill('input[name=password]', PASSWORD)
      clickAt = Date.now()
      await page.click('[data-test=login-submit]')
    } else {
      await page.goto('/map', { waitUntil: 'commit' })
    }
    try {
      await page.waitForFunction(
        () => {
          const b = window.__bench
          return !!(b && b.t.ready !== undefined && b.t.interactive !== undefined && b.t.idleAfterSet !== undefined)
        },
        null,
        { polling: 50, timeout: RUN_TIMEOUT },
      )
    } catch (e) {
      const state = await page.evaluate(() => JSON.stringify({ url: location.href, bench: window.__bench })).catch(() => '?')
      throw new Error(`${label}: the map did not become ready/idle (${e.message.split('\n')[0]}); page errors: ${pageErrors.join(' | ') || 'none'}; state: ${state.slice(0, 1500)}`)
    }
    if (mode === 'trace') await browser.stopTracing()
    let profile = null
    if (profiling) {
      profile = (await cdp.send('Profiler.stop')).profile
      // The profile is on the monotonic clock (µs); performance.now() is ms since navigation start.
      const before = await page.evaluate(() => performance.now())
      const ts = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'Timestamp')?.value
      const after = await page.evaluate(() => performance.now())
      profile.pageClockOffsetUs = ts !== undefined ? ts * 1e6 - ((before + after) / 2) * 1e3 : NaN
    }
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]))
    const p = await page.evaluate((layers) => {
      const b = window.__bench
      const nav = performance.getEntriesByType('navigation')[0]
      const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]))
      const res = performance.getEntriesByType('resource').map((e) => ({
        name: e.name, type: e.initiatorType, start: e.startTime, end: e.responseEnd,
        transfer: e.transferSize, body: e.encodedBodySize, decoded: e.decodedBodySize,
      }))
      return {
        bench: b,
        counts: window.__lakeguardMap?.layerCounts() ?? {},
        timeOrigin: performance.timeOrigin,
        nav: nav ? { responseEnd: nav.responseEnd, dcl: nav.domContentLoadedEventEnd, loadEvent: nav.loadEventEnd } : {},
        paint,
        res,
        layers,
      }
    }, LAYERS)
    if (external.length) throw new Error(`${label}: ${external.length} requests left 127.0.0.1, e.g. ${external.slice(0, 3).join(', ')}`)
    const missing = LAYERS.filter((l) => !(p.counts[l] > 0))
    if (missing.length) throw new Error(`${label}: layers without features: ${missing.join(', ')}`)

    // Every request Playwright saw finish, on the page's clock.
    const rtBytes = new Map(p.res.map((e) => [e.name, e.transfer]))
    const reqs = []
    for (const req of finished) {
      const t = req.timing()
      const end = t.responseEnd >= 0 ? t.startTime + t.responseEnd - p.timeOrigin : NaN
      let bytes = NaN
      try {
        const s = await req.sizes()
        bytes = s.responseBodySize + s.responseHeadersSize
      } catch {}
      // Playwright cannot always read a body size (e.g. a worker's script): Resource Timing can.
      const rt = rtBytes.get(req.url())
      if (rt > 0 && !(bytes >= rt)) bytes = rt
      reqs.push({ url: req.url(), type: req.resourceType(), start: t.startTime - p.timeOrigin, end, bytes })
    }
    const gj = reqs.filter((r) => /\.geojson(\?|$)/.test(new URL(r.url).pathname + new URL(r.url).search))
    const gjLayers = new Set(gj.map((r) => new URL(r.url).pathname.match(/\/([a-z_]+)\.geojson$/)?.[1]))
    const gjMissing = LAYERS.filter((l) => !gjLayers.has(l))
    if (gjMissing.length) throw new Error(`${label}: no *.geojson response seen for ${gjMissing.join(', ')}`)
    const lastGj = gj.reduce((a, r) => (r.end > a.end ? r : a), { end: -Infinity })
    const rtGj = p.res.filter((e) => /\.geojson(\?|$)/.test(e.name))
    const rtLastGjEnd = Math.max(...rtGj.map((e) => e.end))
    const b = p.bench
    const setTimes = SOURCES.map((l) => b.setData[l])
    const moveStart = b.moves.filter(([k, t]) => k === 'start' && t >= (b.t.load ?? 0)).map(([, t]) => t)
    const moveEnd = b.moves.filter(([k, t]) => k === 'end' && t >= (b.t.load ?? 0)).map(([, t]) => t)
    const apiStarts = reqs.filter((r) => new URL(r.url).pathname.startsWith('/api/')).map((r) => r.start)
    const lt = b.longtasks.filter((x) => x.start <= b.t.idleAfterSet)
    const r = {
      label,
      mode,
      // (a)
      interactive: b.t.interactive,
      interactiveInclLogin: loginOrigin !== null ? p.timeOrigin + b.t.interactive - loginOrigin : NaN,
      clickToInteractive: clickAt !== null ? p.timeOrigin + b.t.interactive - clickAt : NaN,
      // (c)
      lastGeojson: lastGj.end,
      lastGeojsonLayer: new URL(lastGj.url ?? BASE).pathname.replace('/api/v1/', ''),
      lastGeojsonRT: rtLastGjEnd,
      allSet: b.t.allSet,
      idleAfterSet: b.t.idleAfterSet,
      render: b.t.idleAfterSet - lastGj.end,
      drawn: b.t.drawn,
      contentAll: Math.max(...SOURCES.map((l) => b.content[l] ?? NaN)),
      firstFrameAfterContent: b.renderTimes.find((t) => t > Math.max(...SOURCES.map((l) => b.content[l] ?? NaN))) ?? NaN,
      // phases
      docEnd: p.nav.responseEnd,
      dcl: p.nav.dcl,
      fcp: p.paint['first-contentful-paint'],
      firstApi: apiStarts.length ? Math.min(...apiStarts) : NaN,
      mapCreated: b.t.mapCreated,
      firstGeojsonStart: Math.min(...gj.map((x) => x.start)),
      load: b.t.load,
      firstSet: Math.min(...setTimes),
      ready: b.t.ready,
      moveStart: moveStart.length ? Math.max(...moveStart) : NaN,
      moveEnd: moveEnd.length ? Math.max(...moveEnd) : NaN,
      idles: b.idle.length,
      renders: b.renders,
      setDataCalls: b.setDataCalls,
      longtasks: lt,
      framesAfterSet: b.renderTimes.filter((t) => t > b.t.allSet && t <= b.t.idleAfterSet).length,
      frameMs: median(b.renderTimes.filter((t) => t > b.t.allSet && t <= b.t.idleAfterSet).map((t, i, a) => (i ? t - a[i - 1] : NaN))),
      longtaskCount: lt.length,
      longtaskTotal: lt.reduce((s, x) => s + x.duration, 0),
      longtaskMax: lt.length ? Math.max(...lt.map((x) => x.duration)) : 0,
      longtaskMaxAt: lt.length ? lt.reduce((a, x) => (x.duration > a.duration ? x : a)).start : NaN,
      scriptS: metrics.ScriptDuration,
      taskS: metrics.TaskDuration,
      bench: { mapCreated: b.t.mapCreated, load: b.t.load, allSet: b.t.allSet, idleAfterSet: b.t.idleAfterSet },
      layoutS: (metrics.LayoutDuration ?? 0) + (metrics.RecalcStyleDuration ?? 0),
      heapMB: (metrics.JSHeapUsedSize ?? 0) / 1048576,
      counts: p.counts,
      errors: [...b.errors, ...pageErrors],
      reqs: reqs.filter((x) => x.start <= b.t.idleAfterSet),
      encodings: [...encodings.values()],
      profile,
    }
    return r
  } finally {
    await context.close().catch(() => {})
  }
}

// --- (b): npm run size -------------------------------------------------------------------
function npmSize() {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'size'], { cwd: path.join(repo, 'web'), timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ ok: !err, code: err?.code ?? 0, out: `${stdout}${stderr}`.trim() })
    })
  })
}

// --- the CPU profile: self time by script and by function ----------------------------------
/**
 * Self time by script and by function, for the whole profile and for phases given as
 * [name, from, to] in page time (ms since navigation start).
 */
function summariseProfile(profile, phases) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const deltas = profile.timeDeltas ?? []
  const off = profile.pageClockOffsetUs
  const scriptOf = (cf) => {
    if (!cf.url) return cf.functionName || '(anonymous)'
    return cf.url.startsWith(BASE) ? short(cf.url) : cf.url
  }
  const whole = { total: 0, byScript: new Map(), byFn: new Map() }
  const perPhase = phases.map(([name, from, to]) => ({ name, from, to, total: 0, byScript: new Map() }))
  const add = (m, k, t) => m.set(k, (m.get(k) ?? 0) + t)
  let at = profile.startTime
  for (let i = 0; i < profile.samples.length; i++) {
    at += deltas[i] ?? 0
    const d = (deltas[i + 1] ?? 0) / 1000
    const cf = byId.get(profile.samples[i]).callFrame
    if (cf.functionName === '(idle)') continue
    const script = scriptOf(cf)
    whole.total += d
    add(whole.byScript, script, d)
    add(whole.byFn, `${cf.functionName || '(anonymous)'} · ${cf.url ? `${scriptOf(cf)}:${cf.lineNumber + 1}` : 'native'}`, d)
    if (Number.isFinite(off)) {
      const t = (at - off) / 1000
      for (const ph of perPhase) {
        if (t >= ph.from && t < ph.to) {
          ph.total += d
          add(ph.byScript, script, d)
        }
      }
    }
  }
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
  return {
    total: whole.total,
    scripts: top(whole.byScript, 10),
    fns: top(whole.byFn, 12),
    phases: Number.isFinite(off) ? perPhase.map((ph) => ({ ...ph, top: top(ph.byScript, 4) })) : [],
  }
}

/**
 * From a Chromium trace: self time of the renderer main thread's events (the one that ran the
 * console), and which calls made it wait synchronously for the GPU process.
 */
async function summariseTrace(file) {
  const raw = JSON.parse(await readFile(file, 'utf8'))
  const ev = Array.isArray(raw) ? raw : raw.traceEvents
  const threads = new Map()
  for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name)
  const busy = (key) => {
    const xs = ev.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur - a.dur)
    let tot = 0
    let end = -Infinity
    for (const e of xs) if (e.ts >= end) { tot += e.dur; end = e.ts + e.dur }
    return { xs, tot: tot / 1000 }
  }
  // The renderer main thread with the most work is the console's.
  const mains = [...threads].filter(([, n]) => n === 'CrRendererMain').map(([k]) => ({ k, ...busy(k) })).sort((a, b) => b.tot - a.tot)
  if (!mains.length) return null
  const main = mains[0]
  const self = new Map()
  const waits = new Map()
  const stack = []
  for (const e of main.xs) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop()
    if (stack.length) self.set(stack.at(-1).name, (self.get(stack.at(-1).name) ?? 0) - e.dur)
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur)
    if (e.name === 'CommandBufferHelper::Finish' || e.name === 'CommandBufferProxyImpl::WaitForGetOffset') {
      if (e.name === 'CommandBufferHelper::Finish' || stack.at(-1)?.name !== 'CommandBufferHelper::Finish') {
        const chain = stack.slice(-5).reverse().map((x) => x.name).filter((n) => !/^(ImplementationBase::WaitForCmd|CommandBufferHelper::Finish)$/.test(n))
        const k = chain.slice(0, 3).join(' ← ')
        const w = waits.get(k) ?? { t: 0, n: 0 }
        w.t += e.dur
        w.n++
        waits.set(k, w)
      }
    }
    stack.push(e)
  }
  const other = {}
  for (const n of ['CrGpuMain', 'DedicatedWorker thread', 'Compositor', 'VizCompositorThread']) {
    const keys = [...threads].filter(([, x]) => x === n).map(([k]) => k)
    other[n] = keys.reduce((s, k) => s + busy(k).tot, 0)
  }
  return {
    mainBusy: main.tot,
    self: [...self].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, t]) => [k, t / 1000]),
    waits: [...waits].sort((a, b) => b[1].t - a[1].t).slice(0, 4).map(([k, w]) => [k, w.t / 1000, w.n]),
    other,
  }
}

// --- main ----------------------------------------------------------------------------------
const started = Date.now()
const load0 = os.loadavg()
log(`lakeguard at ${BASE}; ${RUNS} runs per measurement, ${WARMUP} warm-up, profile ${PROFILE ? 'on' : 'off'}`)

const size = await npmSize()
log(`npm run size: ${size.ok ? 'ok' : `exit ${size.code}`}`)

browser = await launch([])
glRenderer = await probeWebgl(browser)
let swiftshaderFlag = false
if (!glRenderer) {
  log('no WebGL without --enable-unsafe-swiftshader; relaunching with it')
  await browser.close()
  browser = await launch(['--enable-unsafe-swiftshader'])
  swiftshaderFlag = true
  glRenderer = await probeWebgl(browser)
  if (!glRenderer) await shutdown(1, 'no WebGL even with --enable-unsafe-swiftshader')
}
const browserVersion = browser.version()
log(`Chromium ${browserVersion}, WebGL renderer: ${glRenderer}`)

const cold = []
const login = []
const warm = []
let prof = null
let trace = null
let traceRun = null
try {
  for (let i = 1; i <= WARMUP; i++) {
    const r = await run('cold', `warm-up ${i}`)
    warm.push(r)
    log(`warm-up ${i}: interactive ${ms(r.interactive)} ms, render ${ms(r.render)} ms`)
  }
  // Interleaved, so that a burst of load on the shared machine does not hit one measurement only.
  for (let i = 1; i <= RUNS; i++) {
    const c = await run('cold', `cold ${i}`)
    cold.push(c)
    log(`cold ${i}: interactive ${ms(c.interactive)} ms, last geojson ${ms(c.lastGeojson)} ms → idle ${ms(c.idleAfterSet)} ms (render ${ms(c.render)} ms), load avg ${os.loadavg()[0].toFixed(2)}`)
    const l = await run('login', `login ${i}`)
    login.push(l)
    log(`login ${i}: /login navigation → interactive ${ms(l.interactiveInclLogin)} ms (click → interactive ${ms(l.clickToInteractive)} ms), render ${ms(l.render)} ms`)
  }
  if (PROFILE) {
    prof = await run('profile', 'profile')
    log(`profiled run: interactive ${ms(prof.interactive)} ms (not counted)`)
  }
  if (TRACE) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lakeguard-console-trace-'))
    try {
      traceRun = await run('trace', 'trace', path.join(dir, 'trace.json'))
      trace = await summariseTrace(path.join(dir, 'trace.json'))
      log(`traced run: interactive ${ms(traceRun.interactive)} ms (not counted)`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
} catch (e) {
  if (!stopping) console.error(e?.stack ?? e)
  await shutdown(1, 'a run failed')
}
await browser.close()
browser = null
const load1 = os.loadavg()

// --- the report ----------------------------------------------------------------------------
const out = []
const say = (s = '') => out.push(s)
const stat = (rows, key) => ({ med: median(rows.map((r) => r[key])), max: max(rows.map((r) => r[key])), min: min(rows.map((r) => r[key])) })

const A = stat(cold, 'interactive')
const AL = stat(login, 'interactiveInclLogin')
const C = stat(cold, 'render')
const CL = stat(login, 'render')
const jsMatch = size.out.match(/initial JS\s+([\d.]+)\s*KiB/)
const initialJs = jsMatch ? Number(jsMatch[1]) : NaN
const verdict = (ok) => (ok ? 'MET' : 'MISSED')
const okA = A.med <= GOAL.coldMs
const okB = size.ok && initialJs <= GOAL.initialJsKiB
const okC = C.med <= GOAL.renderMs

say('## Console load (console issue, item 8)')
say()
say(`- Server: \`${BASE}\` (127.0.0.1), user \`${USER}\` (every layer readable); built console from \`${path.relative(repo, DIST) || DIST}\`.`)
say(`- Browser: Chromium ${browserVersion}, headless, ${VIEWPORT.width}×${VIEWPORT.height} @1x, locale zh-CN; WebGL: ${glRenderer}` +
  `${swiftshaderFlag ? ' (needed --enable-unsafe-swiftshader)' : ' (available without --enable-unsafe-swiftshader)'}.`)
say(`- Each run: a new browser context (empty HTTP cache, no cookies) in one browser process; ${RUNS} runs per measurement, cold and login runs interleaved, after ${WARMUP} unmeasured warm-up run(s).`)
say(`- Load average (1/5/15 min): ${load0.map((x) => x.toFixed(2)).join(' / ')} at start, ${load1.map((x) => x.toFixed(2)).join(' / ')} at end; ${os.cpus().length} CPUs; wall time ${((Date.now() - started) / 1000).toFixed(0)} s.`)
say()
say('### Goals')
say()
say('| goal | measure | median | max | target | verdict |')
say('|---|---|---:|---:|---:|---|')
say(`| (a) cold load | navigation start of \`/map\` (session cookie already set) → interactive map (\`load\` + every layer's data) | **${ms(A.med)} ms** | ${ms(A.max)} ms | ≤ ${GOAL.coldMs} ms | **${verdict(okA)}**${okA && A.max > GOAL.coldMs ? ' (median; the max is over)' : ''} |`)
say(`| (a′) same, including login | navigation start of \`/login\` → form filled and sent by Playwright → interactive map | ${ms(AL.med)} ms | ${ms(AL.max)} ms | (info) | ${AL.med <= GOAL.coldMs ? 'within 1.5 s' : 'over 1.5 s'} |`)
say(`| (b) initial JavaScript | \`npm run size\`: gzipped JS that index.html loads before any route | **${Number.isFinite(initialJs) ? `${initialJs} KiB` : '?'}** | – | ≤ ${GOAL.initialJsKiB} KiB | **${verdict(okB)}** |`)
say(`| (c) render with every layer on | last \`*.geojson\` response received → first map \`idle\` after every source's setData() | **${ms(C.med)} ms** | ${ms(C.max)} ms | ≤ ${GOAL.renderMs} ms | **${verdict(okC)}**${okC && C.max > GOAL.renderMs ? ' (median; the max is over)' : ''} |`)
say(`| (c) in the login runs | same | ${ms(CL.med)} ms | ${ms(CL.max)} ms | (info) | |`)
say()

say('### Each run (ms from navigation start, page clock)')
say()
say('| run | interactive (a) | MapLibre load | last geojson received | all sources set | data drawn¹ | idle after set | render (c) | camera ease² | frames set→idle (n, median ms) | long tasks (n / total / max) | script / all tasks s³ |')
say('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
const ease = (r) => (Number.isFinite(r.moveStart) && Number.isFinite(r.moveEnd) && r.moveEnd >= r.moveStart ? `${ms(r.moveStart)}→${ms(r.moveEnd)}` : '–')
for (const r of [...warm, ...cold]) {
  say(`| ${r.label}${r.label.startsWith('warm') ? ' (not counted)' : ''} | ${ms(r.interactive)} | ${ms(r.load)} | ${ms(r.lastGeojson)} (${r.lastGeojsonLayer}) | ${ms(r.allSet)} | ${ms(r.drawn)} | ${ms(r.idleAfterSet)} | ${ms(r.render)} | ${ease(r)} | ${r.framesAfterSet}, ${ms(r.frameMs)} | ${r.longtaskCount} / ${ms(r.longtaskTotal)} / ${ms(r.longtaskMax)} | ${r.scriptS?.toFixed(2) ?? '–'} / ${r.taskS?.toFixed(2) ?? '–'} |`)
}
say()
say('| login run | /login nav → interactive (a′) | click → interactive | interactive (this document) | last geojson received | idle after set | render (c) |')
say('|---|---:|---:|---:|---:|---:|---:|')
for (const r of login) {
  say(`| ${r.label} | ${ms(r.interactiveInclLogin)} | ${ms(r.clickToInteractive)} | ${ms(r.interactive)} | ${ms(r.lastGeojson)} | ${ms(r.idleAfterSet)} | ${ms(r.render)} |`)
}
say()
say('¹ first `render` event after every source fired its `content` data event and all tiles were loaded: the first frame that shows all the data.  ')
say('² the console frames the user\'s area once the data is set (`frameScope` → `fitBounds`: a jump the first time, no move when the camera already shows the area, a 600 ms animation later); MapLibre fires `idle` only once the camera stops, so (c) includes any such move.  ')
say('³ CDP `Performance.getMetrics` of the page\'s renderer over the whole run: ScriptDuration / TaskDuration (seconds).')
say()

say('### Where the time goes (cold runs, medians)')
say()
const phases = [
  ['document received', 'docEnd'],
  ['DOMContentLoaded', 'dcl'],
  ['first contentful paint', 'fcp'],
  ['first /api request sent', 'firstApi'],
  ['MapController created (map view mounted)', 'mapCreated'],
  ['first *.geojson request sent', 'firstGeojsonStart'],
  ['MapLibre `load`', 'load'],
  ['last *.geojson response received (Playwright timing)', 'lastGeojson'],
  ['last *.geojson responseEnd (Resource Timing, cross-check)', 'lastGeojsonRT'],
  ['first source setData()', 'firstSet'],
  ['**interactive (a)**', 'interactive'],
  ['all sources set', 'allSet'],
  ['every source processed by the worker (`content` event)', 'contentAll'],
  ['next frame drawn (data on screen, tiles of the final view may still be loading)', 'firstFrameAfterContent'],
  ['first frame with all data (drawn)', 'drawn'],
  ['console marks the map `ready` (after framing)', 'ready'],
  ['camera ease ends', 'moveEnd'],
  ['**first `idle` after all sources set**', 'idleAfterSet'],
]
say('| moment | median ms | max ms |')
say('|---|---:|---:|')
for (const [name, key] of phases) {
  const s = stat(cold, key)
  say(`| ${name} | ${ms(s.med)} | ${ms(s.max)} |`)
}
say()
const dWaitLoad = median(cold.map((r) => Math.max(0, r.load - r.lastGeojson)))
const dSet = median(cold.map((r) => r.allSet - Math.max(r.load, r.lastGeojson)))
const dWorker = median(cold.map((r) => r.contentAll - r.allSet))
const dEaseLen = median(cold.map((r) => r.moveEnd - r.moveStart))
const dDrawn = median(cold.map((r) => r.drawn - r.allSet))
const dIdle = median(cold.map((r) => r.idleAfterSet - r.drawn))
say(`Render (c) split, medians: last response → MapLibre \`load\` (the console sets data only once the style has loaded) ${ms(dWaitLoad)} ms; ` +
  `→ all sources set ${ms(dSet)} ms; all set → the worker has processed every source ${ms(dWorker)} ms; ` +
  `last response → next frame drawn after that ${ms(median(cold.map((r) => r.firstFrameAfterContent - r.lastGeojson)))} ms; ` +
  `all set → first frame with all data and all tiles ${ms(dDrawn)} ms (the framing animation, ${ms(dEaseLen)} ms, runs in between and keeps requesting tiles); ` +
  `that frame → \`idle\` ${ms(dIdle)} ms. ` +
  `Frames drawn between all-set and \`idle\`: median ${ms(median(cold.map((r) => r.framesAfterSet)))}, ${ms(median(cold.map((r) => r.frameMs)))} ms apart (software WebGL).`)
say()
// The long tasks of the median cold run (by interactive time).
const medRun = [...cold].sort((a, b) => a.interactive - b.interactive)[cold.length >> 1]
if (medRun) {
  const big = medRun.longtasks.filter((x) => x.duration >= 100)
  say(`Long tasks ≥ 100 ms in the median cold run (${medRun.label}), start+duration ms: ${big.map((x) => `${ms(x.start)}+${ms(x.duration)}`).join(', ') || 'none'} ` +
    `(map created ${ms(medRun.mapCreated)}, \`load\` ${ms(medRun.load)}, all set ${ms(medRun.allSet)}, \`idle\` ${ms(medRun.idleAfterSet)}).`)
  say()
}

// Requests: medians over the cold runs, in the order they start.
const byUrl = new Map()
for (const r of cold) {
  for (const q of r.reqs) {
    const k = short(q.url)
    if (!byUrl.has(k)) byUrl.set(k, [])
    byUrl.get(k).push(q)
  }
}
const reqRows = [...byUrl].map(([k, qs]) => ({
  k,
  type: qs[0].type,
  n: qs.length,
  start: median(qs.map((q) => q.start)),
  end: median(qs.map((q) => q.end)),
  dur: median(qs.map((q) => q.end - q.start)),
  bytes: median(qs.map((q) => q.bytes)),
}))
reqRows.sort((a, b) => a.start - b.start)
say(`Requests until \`idle\` (medians over the cold runs, by start; ${reqRows.length} distinct URLs, ` +
  `${kib(median(cold.map((r) => r.reqs.reduce((s, q) => s + (Number.isFinite(q.bytes) ? q.bytes : 0), 0))))} received per run):`)
say()
say('| request | type | start ms | end ms | duration ms | bytes received |')
say('|---|---|---:|---:|---:|---:|')
for (const q of reqRows) say(`| \`${q.k}\` | ${q.type} | ${ms(q.start)} | ${ms(q.end)} | ${ms(q.dur)} | ${Number.isFinite(q.bytes) ? kib(q.bytes) : '?'} |`)
say()
const slowest = [...reqRows].sort((a, b) => b.dur - a.dur).slice(0, 3)
say(`Slowest requests (median duration): ${slowest.map((q) => `\`${q.k}\` ${ms(q.dur)} ms`).join(', ')}.`)
say()

// JavaScript the map page actually loaded, from web/dist: raw (as sent) and gzipped.
const jsReqs = (cold[0]?.reqs ?? []).filter((q) => /\.m?js$/.test(new URL(q.url).pathname) && new URL(q.url).pathname.startsWith('/assets/'))
let raw = 0
let gz = 0
let counted = 0
for (const q of jsReqs) {
  try {
    const buf = await readFile(path.join(DIST, new URL(q.url).pathname))
    raw += buf.length
    gz += gzipSync(buf).length
    counted++
  } catch {}
}
const encs = [...new Set(cold.flatMap((r) => r.encodings))].map((e) => e || 'none')
say(`JavaScript loaded by the map page until \`idle\` (run 1): ${counted} files from \`web/dist/assets\`, ${kib(raw)} as files, ${kib(gz)} gzipped. ` +
  `Content-Encoding of the JS responses: ${encs.join(', ')}${encs.every((e) => e === 'none') ? ' — the server sends the files uncompressed, so on the wire the figure is the raw size, not the gzipped one' : ''}.`)
say()

say('### `npm run size` (web/)')
say()
say('```')
say(size.out || '(no output)')
say('```')
say()

if (prof?.profile) {
  const pb = prof.bench
  const s = summariseProfile(prof.profile, [
    ['navigation → map created', 0, pb.mapCreated],
    ['map created → `load`', pb.mapCreated, pb.load],
    ['`load` → all sources set', pb.load, pb.allSet],
    ['all set → `idle`', pb.allSet, pb.idleAfterSet],
  ])
  say(`### Main-thread CPU profile (one extra cold run, not counted: interactive at ${ms(prof.interactive)} ms, idle at ${ms(prof.idleAfterSet)} ms under the profiler)`)
  say()
  say(`Sampled busy time on the page's main thread until \`idle\`: ${ms(s.total)} ms (the MapLibre worker thread is not included). ` +
    '`(program)` is renderer work outside JavaScript (HTML/CSS parsing, style, layout, paint, compositing, WebGL command submission); ' +
    'script compilation is counted in the script. Minified names: see the chunk\'s source map if needed.')
  say()
  say('| script (self time) | ms | share |')
  say('|---|---:|---:|')
  for (const [k, t] of s.scripts) say(`| \`${k}\` | ${ms(t)} | ${((100 * t) / s.total).toFixed(0)} % |`)
  say()
  if (s.phases.length) {
    say('| phase (profiled run) | span ms | busy ms | top scripts (self ms) |')
    say('|---|---:|---:|---|')
    for (const ph of s.phases) say(`| ${ph.name} | ${ms(ph.from)}–${ms(ph.to)} | ${ms(ph.total)} | ${ph.top.map(([k, t]) => `\`${k}\` ${ms(t)}`).join(', ')} |`)
    say()
  }
  say('| function (self time) | ms |')
  say('|---|---:|')
  for (const [k, t] of s.fns) say(`| \`${k}\` | ${ms(t)} |`)
  say()
}

if (trace) {
  say(`### What the main thread did (one extra cold run under Chromium tracing, not counted: interactive at ${ms(traceRun.interactive)} ms, idle at ${ms(traceRun.idleAfterSet)} ms)`)
  say()
  say(`Renderer main thread busy ${ms(trace.mainBusy)} ms in the trace; other threads: ${Object.entries(trace.other).map(([k, t]) => `${k} ${ms(t)} ms`).join(', ')}.`)
  say()
  say('| trace event (self time on the main thread) | ms |')
  say('|---|---:|')
  for (const [k, t] of trace.self) say(`| \`${k}\` | ${ms(t)} |`)
  say()
  if (trace.waits.length) {
    say('Synchronous waits for the GPU process (the page\'s main thread blocked until SwiftShader finished), by caller:')
    say()
    say('| waiting in | ms | times |')
    say('|---|---:|---:|')
    for (const [k, t, n] of trace.waits) say(`| \`${k}\` | ${ms(t)} | ${n} |`)
    say()
    if (/ReadPixels ← LayerTreeHost/.test(trace.waits[0][0])) {
      say('`GLES2::ReadPixels ← LayerTreeHost::DoUpdateLayers` is Chromium itself, not the console: without GPU compositing ' +
        '(`--disable-gpu`, no GPU on this machine) every frame of the WebGL canvas is read back from the GPU process, ' +
        'which draws it with SwiftShader on the CPU, and the main thread waits for it. On a machine with a GPU this wait mostly disappears.')
      say()
    }
  }
}

const errs = [...new Set([...warm, ...cold, ...login].flatMap((r) => r.errors))]
if (errs.length) {
  say(`Errors seen in the page: ${errs.slice(0, 5).map((e) => `\`${e.slice(0, 200)}\``).join('; ')}`)
  say()
}
say(`- Layer feature counts (run 1): ${LAYERS.map((l) => `${l} ${cold[0]?.counts[l]}`).join(', ')}.`)
say(`- Browser flags: \`${browserArgs.join(' ')}\` (the resolver/proxy flags keep every request on 127.0.0.1; no request left it).`)
say()
say(`RESULT console_load: ${okA && okB && okC ? 'PASS' : 'FAIL'} (a ${verdict(okA)}, b ${verdict(okB)}, c ${verdict(okC)})`)
console.log(out.join('\n'))
clearTimeout(deadlineTimer)
process.exit(0)
