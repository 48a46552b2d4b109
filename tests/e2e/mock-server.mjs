#!/usr/bin/env node
// A stand-in for the lakeguard server, written against the console's API contract
// (docs/API-CONVENTIONS.md and issue 3): sessions, scoped lists, CRUD with 422 at the field,
// GeoJSON/CSV, dry-run imports, nested chemicals/stock and the spatial query. It serves a built
// console from web/dist too, so that the end-to-end suite can run before the C++ server exists:
//
//   node tests/e2e/mock-server.mjs --port 8080 [--dist web/dist]
//
// Data are generated from a fixed seed and marked synthetic. Plain Node, no dependencies.
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const PORT = Number(arg('port', process.env.PORT ?? 8080))
const HOST = arg('host', '127.0.0.1')
const DIST = path.resolve(arg('dist', path.join(here, '../../web/dist')))
const PASSWORD = process.env.LAKEGUARD_DEMO_PASSWORD ?? 'demo'
const TILE_URL = process.env.MOCK_TILE_URL ?? null

// --- deterministic randomness --------------------------------------------------------------
let seed = 20251129
function rand() {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (a) => a[Math.floor(rand() * a.length)]
const between = (a, b) => a + rand() * (b - a)
const int = (a, b) => Math.floor(between(a, b + 1))

// --- geometry ------------------------------------------------------------------------------
const R = 6371008.8
const rad = (d) => (d * Math.PI) / 180
function distanceM(a, b) {
  const dLat = rad(b[1] - a[1])
  const dLon = rad(b[0] - a[0])
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)))
}
function pointInRing(p, ring) {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}
function ringAround([lon, lat], rM, n = 8, wobble = 0) {
  const ring = []
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n
    const r = rM * (1 + wobble * (rand() - 0.5))
    ring.push([lon + (r * Math.cos(a)) / (111320 * Math.cos(rad(lat))), lat + (r * Math.sin(a)) / 110540])
  }
  ring.push([...ring[0]])
  return ring
}
const near = ([lon, lat], maxM) => {
  const a = rand() * 2 * Math.PI
  const r = Math.sqrt(rand()) * maxM
  return [
    +(lon + (r * Math.cos(a)) / (111320 * Math.cos(rad(lat)))).toFixed(6),
    +(lat + (r * Math.sin(a)) / 110540).toFixed(6),
  ]
}

// --- credit codes (GB 32100-2015) ----------------------------------------------------------
const CC = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
function creditCheck(s17) {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CC.indexOf(s17[i])
    if (v < 0) return null
    sum += v * CW[i]
  }
  const c = 31 - (sum % 31)
  return CC[c === 31 ? 0 : c]
}
const validCredit = (s) => typeof s === 'string' && s.length === 18 && creditCheck(s.toUpperCase().slice(0, 17)) === s.toUpperCase()[17]
function makeCredit() {
  let body = '91330106'
  while (body.length < 17) body += CC[int(0, 30)]
  return body + creditCheck(body)
}

// --- demo data -----------------------------------------------------------------------------
const NOW = () => new Date().toISOString()
const TOWNS = [
  ['330106002', '北山街道', 120.1495, 30.2691], ['330106004', '西溪街道', 120.1496, 30.2753],
  ['330106005', '翠苑街道', 120.1328, 30.2747], ['330106007', '古荡街道', 120.1188, 30.2769],
  ['330106008', '西湖街道', 120.1114, 30.2456], ['330106009', '留下街道', 120.0531, 30.2428],
  ['330106010', '转塘街道', 120.0793, 30.1592], ['330106011', '蒋村街道', 120.0647, 30.2806],
  ['330106012', '灵隐街道', 120.1267, 30.2588], ['330106013', '文新街道', 120.1036, 30.2762],
  ['330106109', '三墩镇', 120.0853, 30.3214], ['330106110', '双浦镇', 120.1218, 30.1131],
]
const db = {}
const seq = {}
const nextId = (kind) => (seq[kind] = (seq[kind] ?? 0) + 1)
function put(kind, fields, synthetic = true) {
  const t = NOW()
  const o = { id: nextId(kind), ...fields, created_at: t, updated_at: t, version: 1, synthetic }
  ;(db[kind] ??= []).push(o)
  return o
}
const geom = new Map() // jurisdiction id -> polygon ring

put('jurisdictions', { code: '330106', name: '西湖区', level: 'district', parent_code: null, lon: 120.13, lat: 30.26, population: 1112992, approximate: false }, false)
geom.set(1, [[120.0, 30.08], [120.18, 30.08], [120.18, 30.35], [120.0, 30.35], [120.0, 30.08]])
for (const [code, name, lon, lat] of TOWNS) {
  const town = put('jurisdictions', { code, name, level: 'town', parent_code: '330106', lon, lat, population: int(40000, 120000), approximate: true }, false)
  geom.set(town.id, ringAround([lon, lat], 1600, 10, 0.3))
  for (let i = 1; i <= 3; i++) {
    const [clon, clat] = near([lon, lat], 1200)
    put('jurisdictions', { code: `${code}${String(i).padStart(3, '0')}`, name: `${name.slice(0, 2)}第${i}社区`, level: 'community', parent_code: code, lon: clon, lat: clat, population: int(3000, 12000), approximate: i > 1 }, false)
  }
}
const towns = () => db.jurisdictions.filter((j) => j.level === 'town')
const communitiesOf = (code) => db.jurisdictions.filter((j) => j.level === 'community' && j.parent_code === code)
function placed() {
  const town = pick(towns())
  const [lon, lat] = near([town.lon, town.lat], 1500)
  const community = pick(communitiesOf(town.code))
  return { town_code: town.code, community_code: community?.code ?? null, lon, lat }
}
const INDUSTRIES = ['化工', '机械制造', '电子', '纺织', '食品', '医药', '仓储物流', '建材']
const SCALES = [['规上', 79, 44], ['规下', 183, 51], ['小微', 150, 0]]
let entNo = 0
for (const [scale, n, hazchem] of SCALES) {
  for (let i = 0; i < n; i++) {
    entNo++
    put('enterprises', {
      name: `西湖示例企业${String(entNo).padStart(3, '0')}有限公司`,
      credit_code: makeCredit(),
      scale,
      industry: pick(INDUSTRIES),
      address: `杭州市西湖区示例路${int(1, 999)}号`,
      ...placed(),
      hazchem_user: i < hazchem || (scale === '小微' && rand() < 0.1),
      flags: rand() < 0.2 ? [pick(['人员密集场所', '劳动密集型企业', '物流仓储企业'])] : [],
      contact_name: pick(['张', '王', '李', '赵', '陈']) + pick(['伟', '芳', '军', '敏', '磊']),
      contact_phone: `1380571${String(int(0, 9999)).padStart(4, '0')}`,
    })
  }
}
const CHEMS = [['氨', '7664-41-7', 1, 'J3'], ['氯', '7782-50-5', 8, 'J1'], ['甲醇', '67-56-1', 61, 'W5.3'], ['汽油', '86290-81-5', 67, 'W5.1'], ['液化石油气', '68476-85-7', 71, 'W2']]
for (const e of db.enterprises.filter((x) => x.hazchem_user)) {
  for (let i = 0; i < int(1, 3); i++) {
    const [name, cas, table1_seq, hazard_class] = pick(CHEMS)
    put('chemicals', { enterprise_id: e.id, name, cas, table1_seq, hazard_class, max_quantity_t: +between(0.1, 20).toFixed(2), storage_unit: `${pick(['储罐区', '仓库'])}${int(1, 5)}` })
  }
}
for (let i = 1; i <= 200; i++) {
  put('shelters', { name: `避灾安置场所${String(i).padStart(3, '0')}`, type: pick(['学校', '文化礼堂', '体育馆', '社区中心']), capacity_people: int(50, 3000), area_m2: int(200, 8000), address: `西湖区避灾路${i}号`, ...placed(), standardised: rand() < 0.85, video_url: null })
}
put('warehouses', { name: '西湖区应急物资储备库', level: 'district', area_m2: 1200, address: '西湖区储备路1号', ...placed() })
for (const t of towns()) {
  const [lon, lat] = near([t.lon, t.lat], 500)
  put('warehouses', { name: `${t.name}应急物资仓库`, level: 'town', area_m2: int(60, 300), address: `${t.name}物资路1号`, town_code: t.code, community_code: null, lon, lat })
  for (const c of communitiesOf(t.code).slice(0, 2)) {
    put('warehouses', { name: `${c.name}物资储备点`, level: 'village', area_m2: int(10, 40), address: `${c.name}`, town_code: t.code, community_code: c.code, lon: +(c.lon + 0.001).toFixed(6), lat: c.lat })
  }
}
for (const w of db.warehouses) {
  for (const [category, name, unit] of [['防汛', '救生衣', '件'], ['防汛', '沙袋', '只'], ['救灾', '帐篷', '顶'], ['生活', '折叠床', '张']]) {
    put('stock', { warehouse_id: w.id, category, name, quantity: int(10, 500), unit, expiry: rand() < 0.5 ? '2027-06-30' : null })
  }
}
for (const t of towns()) {
  put('teams', { name: `${t.name}综合应急救援队`, type: '综合', headcount: int(25, 60), town_code: t.code, community_code: null, base_address: `${t.name}`, lon: t.lon, lat: t.lat, capabilities: ['防汛', '消防', '搜救'], contact_phone: '0571-87000000' })
  for (const c of communitiesOf(t.code)) {
    put('teams', { name: `${c.name}应急小分队`, type: '村社', headcount: int(10, 20), town_code: t.code, community_code: c.code, base_address: c.name, lon: c.lon, lat: c.lat, capabilities: ['防汛'], contact_phone: null })
  }
}
for (let i = 1; i <= 25; i++) put('stations', { name: `应急服务站${String(i).padStart(2, '0')}`, address: `西湖区服务路${i}号`, ...placed(), contact_phone: '0571-87111111' })
const DEVICE_KINDS = ['rain_gauge', 'water_level', 'wind', 'gas_detector', 'pipeline_pressure', 'waterlogging', 'bridge_strain', 'tunnel_water']
for (let i = 1; i <= 80; i++) {
  const kind = DEVICE_KINDS[i % DEVICE_KINDS.length]
  put('devices', { code: `DEV-${String(i).padStart(4, '0')}`, name: `${kind}-${i}`, kind, metrics: kind === 'rain_gauge' ? ['rain_mm'] : ['value'], ...placed() })
}
for (let i = 1; i <= 60; i++) put('cameras', { code: `CAM-${String(i).padStart(4, '0')}`, name: `视频点位${i}`, stream_url: null, ...placed() })

// --- kinds ---------------------------------------------------------------------------------
const located = {
  town_code: { type: 'town', required: true }, community_code: { type: 'community' },
  lon: { type: 'number', required: true, min: -180, max: 180 }, lat: { type: 'number', required: true, min: -90, max: 90 },
}
const KINDS = {
  jurisdictions: { code: { type: 'string', required: true }, name: { type: 'string', required: true }, level: { type: 'enum', values: ['district', 'town', 'community'], required: true }, parent_code: { type: 'string' }, lon: { type: 'number' }, lat: { type: 'number' }, population: { type: 'int' }, approximate: { type: 'bool' } },
  enterprises: { name: { type: 'string', required: true }, credit_code: { type: 'credit', required: true, unique: true }, scale: { type: 'enum', values: ['规上', '规下', '小微'], required: true }, industry: { type: 'string' }, address: { type: 'string' }, ...located, hazchem_user: { type: 'bool' }, flags: { type: 'tags' }, contact_name: { type: 'string' }, contact_phone: { type: 'string' } },
  shelters: { name: { type: 'string', required: true }, type: { type: 'string' }, capacity_people: { type: 'int', min: 0 }, area_m2: { type: 'number', min: 0 }, ...located, address: { type: 'string' }, standardised: { type: 'bool' }, video_url: { type: 'string' } },
  warehouses: { name: { type: 'string', required: true }, level: { type: 'enum', values: ['district', 'town', 'village'] }, area_m2: { type: 'number', min: 0 }, ...located, address: { type: 'string' } },
  teams: { name: { type: 'string', required: true }, type: { type: 'string' }, headcount: { type: 'int', min: 0 }, ...located, base_address: { type: 'string' }, capabilities: { type: 'tags' }, contact_phone: { type: 'string' } },
  stations: { name: { type: 'string', required: true }, ...located, address: { type: 'string' }, contact_phone: { type: 'string' } },
  devices: { code: { type: 'string', required: true, unique: true }, name: { type: 'string', required: true }, kind: { type: 'enum', values: DEVICE_KINDS, required: true }, metrics: { type: 'tags' }, ...located },
  cameras: { code: { type: 'string', required: true, unique: true }, name: { type: 'string', required: true }, stream_url: { type: 'string' }, ...located },
  chemicals: { name: { type: 'string', required: true }, cas: { type: 'string' }, table1_seq: { type: 'int', min: 1, max: 85 }, hazard_class: { type: 'string' }, max_quantity_t: { type: 'number', min: 0 }, storage_unit: { type: 'string' } },
  stock: { category: { type: 'string' }, name: { type: 'string', required: true }, quantity: { type: 'number', required: true, min: 0 }, unit: { type: 'string' }, expiry: { type: 'date' } },
}
const PARENT_FIELD = { chemicals: ['enterprises', 'enterprise_id'], stock: ['warehouses', 'warehouse_id'] }

// --- users and permissions -----------------------------------------------------------------
function userFor(username) {
  const base = { id: 0, username, enterprise_id: null }
  switch (username) {
    case 'admin': return { ...base, id: 1, display_name: '系统管理员', role: 'admin', scope_type: 'district', scope_code: '330106' }
    case 'district': return { ...base, id: 2, display_name: '区应急局值班员', role: 'district_officer', scope_type: 'district', scope_code: '330106' }
    case 'viewer': return { ...base, id: 3, display_name: '只读用户', role: 'viewer', scope_type: 'district', scope_code: '330106' }
    case 'inspector': return { ...base, id: 4, display_name: '执法人员', role: 'inspector', scope_type: 'district', scope_code: '330106' }
  }
  let m = /^town_(\d{9})$/.exec(username)
  if (m && towns().some((t) => t.code === m[1])) return { ...base, id: 100 + Number(m[1].slice(-3)), display_name: `${db.jurisdictions.find((j) => j.code === m[1]).name}应急办`, role: 'town_officer', scope_type: 'town', scope_code: m[1] }
  m = /^community_(\d{12})$/.exec(username)
  if (m && db.jurisdictions.some((j) => j.code === m[1])) return { ...base, id: 2000 + Number(m[1].slice(-6)), display_name: '村社应急员', role: 'community_officer', scope_type: 'community', scope_code: m[1] }
  m = /^enterprise_(\d+)$/.exec(username)
  if (m && db.enterprises.some((e) => e.id === Number(m[1]))) return { ...base, id: 10000 + Number(m[1]), display_name: '企业安全管理员', role: 'enterprise_user', scope_type: 'enterprise', scope_code: null, enterprise_id: Number(m[1]) }
  return null
}
const READS = {
  inspector: ['enterprises', 'chemicals', 'jurisdictions'],
  enterprise_user: ['enterprises', 'chemicals', 'jurisdictions'],
}
const WRITES = {
  admin: Object.keys(KINDS),
  district_officer: Object.keys(KINDS).filter((k) => k !== 'jurisdictions'),
  town_officer: Object.keys(KINDS).filter((k) => k !== 'jurisdictions'),
  community_officer: ['shelters', 'warehouses', 'stock', 'teams'],
  enterprise_user: ['chemicals', 'enterprises'],
  inspector: [],
  viewer: [],
}
const canRead = (u, kind) => !READS[u.role] || READS[u.role].includes(kind)
const canWrite = (u, kind) => WRITES[u.role].includes(kind)
function inScope(u, kind, o) {
  if (kind === 'jurisdictions') return true
  if (kind === 'chemicals' || kind === 'stock') {
    const [pk, pf] = PARENT_FIELD[kind]
    const parent = db[pk].find((p) => p.id === o[pf])
    return !!parent && inScope(u, pk, parent)
  }
  if (u.scope_type === 'district') return true
  if (u.scope_type === 'enterprise') return kind === 'enterprises' && o.id === u.enterprise_id
  if (u.scope_type === 'town') return o.town_code === u.scope_code
  if (u.scope_type === 'community') return o.community_code === u.scope_code
  return false
}

// --- messages ------------------------------------------------------------------------------
const MSG = {
  unauthenticated: ['请先登录。', 'Please sign in.'],
  bad_login: ['用户名或密码错误。', 'Wrong username or password.'],
  forbidden: ['当前角色无权执行此操作。', 'Your role may not do this.'],
  csrf: ['缺少 X-Requested-With 请求头。', 'The X-Requested-With header is missing.'],
  not_found: ['对象不存在或不在您的管辖范围内。', 'Not found, or outside your jurisdiction.'],
  required: ['字段 {f} 必填。', 'The field {f} is required.'],
  unknown_field: ['不认识的字段 {f}。', 'Unknown field {f}.'],
  bad_type: ['字段 {f} 的值类型不正确。', 'The field {f} has a value of the wrong type.'],
  bad_enum: ['字段 {f} 的取值不在允许范围内。', 'The field {f} has a value that is not allowed.'],
  range: ['字段 {f} 超出允许范围。', 'The field {f} is out of range.'],
  credit: ['统一社会信用代码无效（校验位不符）。', 'The credit code is invalid (check character).'],
  duplicate: ['{f} 与已有记录重复。', '{f} duplicates an existing record.'],
  town: ['镇街编码不存在。', 'No such town code.'],
  town_scope: ['只能在本镇街内登记。', 'You may register objects in your own town only.'],
  community: ['村社编码不属于所选镇街。', 'The community does not belong to the town.'],
  page_size: ['page_size 不能超过 500。', 'page_size may be at most 500.'],
  bad_json: ['请求体不是有效的 JSON。', 'The request body is not valid JSON.'],
  media: ['只接受 text/csv 或 application/json。', 'Only text/csv or application/json are accepted.'],
  date: ['日期格式应为 YYYY-MM-DD。', 'Dates must be YYYY-MM-DD.'],
}
const msg = (lang, key, f = '') => MSG[key][lang === 'en' ? 1 : 0].replace('{f}', f)

class HttpError extends Error {
  constructor(status, code, key, field = null, f = field ?? '') {
    super(key)
    Object.assign(this, { status, code, key, field, f })
  }
}

// --- validation ----------------------------------------------------------------------------
/** Returns a cleaned object or throws HttpError 422 naming the first bad field. */
function validate(kind, body, user, existing = null) {
  const spec = KINDS[kind]
  const out = {}
  for (const [k, v] of Object.entries(body)) {
    if (k === 'crs') continue
    if (!spec[k]) throw new HttpError(422, 'validation_failed', 'unknown_field', k)
    out[k] = v
  }
  const merged = { ...(existing ?? {}), ...out }
  for (const [name, f] of Object.entries(spec)) {
    const v = merged[name]
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0 && f.required)
    if (empty) {
      if (f.required) throw new HttpError(422, 'validation_failed', 'required', name)
      continue
    }
    switch (f.type) {
      case 'string': case 'town': case 'community': case 'credit': case 'date':
        if (typeof v !== 'string') throw new HttpError(422, 'validation_failed', 'bad_type', name)
        break
      case 'enum':
        if (!f.values.includes(v)) throw new HttpError(422, 'validation_failed', 'bad_enum', name)
        break
      case 'int': case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v) || (f.type === 'int' && !Number.isInteger(v))) throw new HttpError(422, 'validation_failed', 'bad_type', name)
        if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) throw new HttpError(422, 'validation_failed', 'range', name)
        break
      case 'bool':
        if (typeof v !== 'boolean') throw new HttpError(422, 'validation_failed', 'bad_type', name)
        break
      case 'tags':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new HttpError(422, 'validation_failed', 'bad_type', name)
        break
    }
    if (f.type === 'credit' && !validCredit(v)) throw new HttpError(422, 'validation_failed', 'credit', name)
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new HttpError(422, 'validation_failed', 'date', name)
    if (f.type === 'town') {
      if (!towns().some((t) => t.code === v)) throw new HttpError(422, 'validation_failed', 'town', name)
      if (user.scope_type === 'town' && v !== user.scope_code) throw new HttpError(422, 'validation_failed', 'town_scope', name)
    }
    if (f.type === 'community' && (!db.jurisdictions.some((j) => j.code === v) || (merged.town_code && !v.startsWith(merged.town_code)))) {
      throw new HttpError(422, 'validation_failed', 'community', name)
    }
    if (f.unique && (db[kind] ?? []).some((o) => o[name] === v && o.id !== existing?.id)) throw new HttpError(409, 'conflict', 'duplicate', name)
  }
  if (typeof out.credit_code === 'string') out.credit_code = out.credit_code.toUpperCase()
  return out
}

// --- lists ---------------------------------------------------------------------------------
function visible(user, kind, parent = null) {
  if (!canRead(user, kind)) throw new HttpError(403, 'forbidden', 'forbidden')
  let items = (db[kind] ?? []).filter((o) => inScope(user, kind, o))
  if (parent) items = items.filter((o) => o[PARENT_FIELD[kind][1]] === parent.id)
  return items
}
function filtered(items, kind, params) {
  const spec = KINDS[kind]
  const q = (params.get('q') ?? '').trim().toLowerCase()
  let out = items
  if (q) out = out.filter((o) => ['name', 'code', 'credit_code', 'address'].some((k) => typeof o[k] === 'string' && o[k].toLowerCase().includes(q)))
  for (const [k, v] of params) {
    if (!spec[k] && k !== 'id') continue
    out = out.filter((o) => String(o[k]) === v)
  }
  const sort = params.get('sort')
  if (sort) {
    const desc = sort.startsWith('-')
    const key = sort.replace(/^-/, '')
    out = [...out].sort((a, b) => {
      const x = a[key]
      const y = b[key]
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''), 'zh')
      return (desc ? -c : c) || a.id - b.id
    })
  }
  return out
}
function paged(items, params) {
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1)
  const size = Number(params.get('page_size') ?? 50) || 50
  if (size > 500) throw new HttpError(400, 'bad_request', 'page_size', 'page_size')
  return { items: items.slice((page - 1) * size, page * size), total: items.length, page, page_size: size }
}
const publicObject = (kind, o) => {
  if (!PARENT_FIELD[kind]) return o
  const { [PARENT_FIELD[kind][1]]: _parent, ...rest } = o
  return rest
}
function toFeature(kind, o) {
  if (kind === 'jurisdictions' && geom.has(o.id)) {
    return { type: 'Feature', id: o.id, geometry: { type: 'Polygon', coordinates: [geom.get(o.id)] }, properties: o }
  }
  return { type: 'Feature', id: o.id, geometry: { type: 'Point', coordinates: [o.lon, o.lat] }, properties: o }
}
function csvOf(kind, items) {
  const cols = ['id', ...Object.keys(KINDS[kind]), 'synthetic', 'updated_at']
  const cell = (v) => {
    if (v === null || v === undefined) return ''
    const s = Array.isArray(v) ? v.join(';') : String(v)
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return '\ufeff' + [cols.join(','), ...items.map((o) => cols.map((c) => cell(o[c])).join(','))].join('\r\n') + '\r\n'
}
function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const rows = []
  let row = []
  let cell = ''
  let q = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') q = false
      else cell += ch
    } else if (ch === '"' && cell === '') q = true
    else if (ch === ',') { row.push(cell); cell = '' } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += ch
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row) }
  return rows
}
/** CSV text cells to JSON values by the field's type. */
function csvRecord(kind, header, cells) {
  const spec = KINDS[kind]
  const o = {}
  header.forEach((h, i) => {
    const raw = (cells[i] ?? '').trim()
    if (raw === '' || h === 'id' || h === 'synthetic' || h === 'updated_at') return
    const f = spec[h]
    if (!f) { o[h] = raw; return }
    if (f.type === 'int' || f.type === 'number') o[h] = Number.isFinite(Number(raw)) ? Number(raw) : raw
    else if (f.type === 'bool') o[h] = raw === 'true' ? true : raw === 'false' ? false : raw
    else if (f.type === 'tags') o[h] = raw.split(/[;；]/).map((x) => x.trim()).filter(Boolean)
    else o[h] = raw
  })
  return o
}

// --- HTTP ----------------------------------------------------------------------------------
const sessions = new Map()
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png', '.woff2': 'font/woff2', '.ico': 'image/x-icon' }

function send(res, status, body, headers = {}) {
  if (body === undefined || status === 204) {
    res.writeHead(status, headers)
    return res.end()
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers })
  res.end(text)
}
async function readBody(req) {
  const chunks = []
  for await (const c of req) chunks.push(c)
  return Buffer.concat(chunks).toString('utf8')
}
async function readJson(req) {
  const text = await readBody(req)
  if (!(req.headers['content-type'] ?? '').includes('application/json')) throw new HttpError(415, 'unsupported_media_type', 'media')
  try {
    return text ? JSON.parse(text) : {}
  } catch {
    throw new HttpError(400, 'bad_request', 'bad_json')
  }
}
function cookie(req, name) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return null
}

async function api(req, res, url, lang) {
  const p = url.pathname.replace(/^\/api\/v1/, '')
  const method = req.method
  if (method !== 'GET' && req.headers['x-requested-with'] !== 'lakeguard' && !req.headers.authorization) throw new HttpError(403, 'forbidden', 'csrf')

  if (p === '/auth/login' && method === 'POST') {
    const { username, password } = await readJson(req)
    const user = typeof username === 'string' ? userFor(username) : null
    if (!user || password !== PASSWORD) throw new HttpError(401, 'unauthenticated', 'bad_login', 'password')
    const token = randomBytes(32).toString('hex')
    sessions.set(token, user)
    return send(res, 200, { token, user }, { 'Set-Cookie': `lg_session=${token}; HttpOnly; SameSite=Strict; Path=/` })
  }
  const token = cookie(req, 'lg_session') ?? (req.headers.authorization ?? '').replace(/^Bearer\s+/, '')
  const user = sessions.get(token)
  if (p === '/auth/logout' && method === 'POST') {
    sessions.delete(token)
    return send(res, 204, undefined, { 'Set-Cookie': 'lg_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0' })
  }
  if (!user) throw new HttpError(401, 'unauthenticated', 'unauthenticated')
  if (p === '/auth/me' && method === 'GET') return send(res, 200, { user })
  if (p === '/config/console' && method === 'GET') {
    if (!TILE_URL) throw new HttpError(404, 'not_found', 'not_found')
    return send(res, 200, { tile_url: TILE_URL })
  }
  if (p === '/spatial/within' && method === 'POST') {
    const { shape, layers } = await readJson(req)
    const inside = shape?.type === 'Polygon'
      ? (pt) => pointInRing(pt, shape.coordinates[0])
      : Array.isArray(shape?.center) && typeof shape.radius_m === 'number'
        ? (pt) => distanceM(shape.center, pt) <= shape.radius_m
        : null
    if (!inside) throw new HttpError(422, 'validation_failed', 'bad_type', 'shape')
    const out = {}
    for (const layer of layers ?? []) {
      if (!KINDS[layer] || layer === 'jurisdictions' || !canRead(user, layer)) continue
      out[layer] = { type: 'FeatureCollection', features: visible(user, layer).filter((o) => inside([o.lon, o.lat])).map((o) => toFeature(layer, o)) }
    }
    return send(res, 200, { layers: out })
  }

  let m = /^\/([a-z]+)\.(geojson|csv)$/.exec(p)
  if (m && KINDS[m[1]] && method === 'GET') {
    const items = filtered(visible(user, m[1]), m[1], url.searchParams)
    if (m[2] === 'csv') return send(res, 200, csvOf(m[1], items), { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${m[1]}.csv"` })
    return send(res, 200, { type: 'FeatureCollection', features: items.map((o) => toFeature(m[1], o)) }, { 'Content-Type': 'application/geo+json' })
  }
  m = /^\/([a-z]+)\/import$/.exec(p)
  if (m && KINDS[m[1]] && method === 'POST') {
    const kind = m[1]
    if (!canWrite(user, kind)) throw new HttpError(403, 'forbidden', 'forbidden')
    const type = req.headers['content-type'] ?? ''
    let records
    if (type.startsWith('text/csv')) {
      const rows = parseCsv(await readBody(req))
      const [header = [], ...data] = rows
      records = data.filter((r) => r.some((c) => c.trim() !== '')).map((r) => csvRecord(kind, header.map((h) => h.trim()), r))
    } else if (type.includes('application/json')) {
      records = (await readJson(req)).rows ?? []
    } else throw new HttpError(415, 'unsupported_media_type', 'media')
    const errors = []
    const clean = []
    const seen = new Set()
    records.forEach((r, i) => {
      try {
        const o = validate(kind, r, user)
        if (o.credit_code && seen.has(o.credit_code)) throw new HttpError(409, 'conflict', 'duplicate', 'credit_code')
        if (o.credit_code) seen.add(o.credit_code)
        clean.push(o)
      } catch (e) {
        if (!(e instanceof HttpError)) throw e
        errors.push({ row: i + 2, column: e.field, reason: msg(lang, e.key, e.f) })
      }
    })
    const dryRun = url.searchParams.get('dry_run') !== 'false'
    const commit = !dryRun && errors.length === 0 && clean.length > 0
    if (commit) for (const o of clean) put(kind, o, false)
    return send(res, 200, { rows: records.length, valid: clean.length, errors, committed: commit })
  }
  m = /^\/([a-z]+)(?:\/(\d+))?(?:\/(chemicals|stock)(?:\/(\d+))?)?$/.exec(p)
  if (!m || !KINDS[m[1]]) throw new HttpError(404, 'not_found', 'not_found')
  let [, kind, id, child, childId] = m
  let parent = null
  if (child) {
    if (PARENT_FIELD[child][0] !== kind) throw new HttpError(404, 'not_found', 'not_found')
    parent = visible(user, kind).find((o) => o.id === Number(id))
    if (!parent) throw new HttpError(404, 'not_found', 'not_found')
    kind = child
    id = childId
  }
  if (!id) {
    if (method === 'GET') {
      const r = paged(filtered(visible(user, kind, parent), kind, url.searchParams), url.searchParams)
      return send(res, 200, { ...r, items: r.items.map((o) => publicObject(kind, o)) })
    }
    if (method === 'POST') {
      if (!canWrite(user, kind) || (user.role === 'enterprise_user' && kind === 'enterprises')) throw new HttpError(403, 'forbidden', 'forbidden')
      const o = validate(kind, await readJson(req), user)
      if (parent) o[PARENT_FIELD[kind][1]] = parent.id
      const created = put(kind, o, false)
      return send(res, 201, publicObject(kind, created), { Location: `${url.pathname}/${created.id}` })
    }
    throw new HttpError(405, 'bad_request', 'bad_type', 'method')
  }
  const obj = visible(user, kind, parent).find((o) => o.id === Number(id))
  if (!obj) throw new HttpError(404, 'not_found', 'not_found')
  if (method === 'GET') return send(res, 200, publicObject(kind, obj))
  if (!canWrite(user, kind)) throw new HttpError(403, 'forbidden', 'forbidden')
  if (method === 'PATCH') {
    const body = await readJson(req)
    if (user.role === 'enterprise_user' && kind === 'enterprises') {
      const bad = Object.keys(body).find((k) => !['contact_name', 'contact_phone'].includes(k))
      if (bad) throw new HttpError(403, 'forbidden', 'forbidden', bad)
    }
    const o = validate(kind, body, user, obj)
    Object.assign(obj, o, { updated_at: NOW(), version: obj.version + 1 })
    return send(res, 200, publicObject(kind, obj))
  }
  if (method === 'DELETE') {
    if (user.role === 'enterprise_user' && kind === 'enterprises') throw new HttpError(403, 'forbidden', 'forbidden')
    db[kind] = db[kind].filter((o) => o !== obj)
    return send(res, 204)
  }
  throw new HttpError(405, 'bad_request', 'bad_type', 'method')
}

async function staticFile(req, res, url) {
  let file = path.join(DIST, decodeURIComponent(url.pathname))
  if (!file.startsWith(DIST)) return send(res, 404, 'not found')
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, 'index.html')
  } catch {
    // Client-side routes get the app; missing assets get a 404.
    if (path.extname(url.pathname)) return send(res, 404, 'not found')
    file = path.join(DIST, 'index.html')
  }
  try {
    const data = await readFile(file)
    const immutable = file.includes(`${path.sep}assets${path.sep}`)
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' })
    res.end(data)
  } catch {
    send(res, 404, `no built console in ${DIST} (run npm run build in web/)`)
  }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host ?? 'localhost'}`)
  const lang = (req.headers['accept-language'] ?? '').startsWith('en') ? 'en' : 'zh-CN'
  try {
    if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' })
    if (url.pathname.startsWith('/api/')) return await api(req, res, url, lang)
    return await staticFile(req, res, url)
  } catch (e) {
    const err = e instanceof HttpError ? e : new HttpError(500, 'internal', 'bad_type', null, 'server')
    if (!(e instanceof HttpError)) console.error(e)
    send(res, err.status, { error: { code: err.code, message: msg(lang, err.key, err.f), field: err.field, request_id: randomBytes(6).toString('hex') } })
  }
})
server.listen(PORT, HOST, () => console.log(`lakeguard mock server on http://${HOST}:${PORT} (console from ${DIST})`))
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)))
