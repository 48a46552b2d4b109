#!/usr/bin/env node
// End-to-end tests of the lakeguard console in headless Chromium (playwright-core + Debian's
// chromium). Plain node: run it against a running lakeguard (scripts/e2e starts a fresh demo server):
//
//   LAKEGUARD_URL=http://127.0.0.1:8080 LAKEGUARD_DEMO_PASSWORD=… node tests/e2e/run.mjs
//
// Optional: CHROMIUM_PATH (default /usr/bin/chromium), E2E_ONLY=<substring of test names>.
// Every request that leaves the machine fails the test that made it. Screenshots go to
// test-results/ at the repository root. A test may skip itself (skip(reason): a server without the
// feature it tests). The last line printed is "N passed, N failed" (", N skipped" when any were).
import assert from 'node:assert/strict'
import { mkdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repo = path.resolve(here, '../..')
const require = createRequire(path.join(repo, 'web/package.json'))
const { chromium } = require('playwright-core')

const BASE = (process.env.LAKEGUARD_URL ?? '').replace(/\/+$/, '')
const PASSWORD = process.env.LAKEGUARD_DEMO_PASSWORD ?? ''
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ONLY = process.env.E2E_ONLY ?? ''
const RESULTS = path.join(repo, 'test-results')
const TOWN = '330106009'
const LAYERS = ['enterprises', 'shelters', 'warehouses', 'teams', 'devices', 'cameras', 'stations']

if (!BASE || !PASSWORD) {
  console.error('Set LAKEGUARD_URL and LAKEGUARD_DEMO_PASSWORD.')
  console.log('0 passed, 1 failed')
  process.exit(2)
}
const baseHost = new URL(BASE).hostname

// --- the network fence -------------------------------------------------------------------
function isLocal(hostname) {
  const h = hostname.replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === baseHost
}

// --- a tiny runner -----------------------------------------------------------------------
const tests = []
const test = (name, fn) => tests.push({ name, fn })

class Skip extends Error {}
/** Ends the running test as skipped, e.g. when the server has no endpoint for the feature yet. */
function skip(reason) {
  throw new Skip(reason)
}

let browser
/** A fresh browser context that refuses every request to a non-local address. */
async function newContext(options = {}) {
  const external = []
  const context = await browser.newContext({ baseURL: BASE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options })
  context.setDefaultTimeout(20_000)
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url())
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !isLocal(url.hostname)) {
      external.push(url.href)
      return route.abort('blockedbyclient')
    }
    return route.continue()
  })
  context.on('page', (page) => {
    page.on('websocket', (ws) => {
      if (!isLocal(new URL(ws.url()).hostname)) external.push(ws.url())
    })
    page.on('pageerror', (e) => console.log(`    [page error] ${e.message}`))
  })
  context.assertNoExternalRequests = () =>
    assert.equal(external.length, 0, `${external.length} requests left the machine, e.g. ${external.slice(0, 3).join(', ')}`)
  return context
}

/** Signs in through the API (the cookie lands in the context's jar). */
async function apiLogin(context, username) {
  const r = await context.request.post('/api/v1/auth/login', {
    data: { username, password: PASSWORD },
    headers: { 'X-Requested-With': 'lakeguard' },
  })
  assert.equal(r.status(), 200, `login ${username}: HTTP ${r.status()}`)
  return (await r.json()).user
}

async function apiGet(context, pathAndQuery) {
  const r = await context.request.get(`/api/v1${pathAndQuery}`, { headers: { 'X-Requested-With': 'lakeguard', 'Accept-Language': 'zh-CN' } })
  assert.ok(r.ok(), `GET ${pathAndQuery}: HTTP ${r.status()}`)
  return r.json()
}

async function geojsonCount(context, kind, query = '') {
  const fc = await apiGet(context, `/${kind}.geojson${query}`)
  assert.equal(fc.type, 'FeatureCollection', `${kind}.geojson is a FeatureCollection`)
  return fc.features.length
}

/** Waits for the console's map to have loaded every layer. */
async function waitForMap(page) {
  await page.waitForFunction(() => window.__lakeguardMap && window.__lakeguardMap.ready === true, null, { timeout: 45_000 })
  return page.evaluate(() => window.__lakeguardMap.layerCounts())
}

async function uiLogin(page, username) {
  await page.goto('/login')
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', PASSWORD)
  await page.click('[data-test=login-submit]')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
}

/** Picks an option of an Element Plus select inside a form item. */
async function choose(page, field, optionText) {
  await page.click(`[data-field=${field}] .el-select__wrapper`)
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

/** A valid unified social credit code (GB 32100-2015) that no seed is likely to produce. */
function creditCode() {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY'
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let body = '91330106E2E'
  while (body.length < 17) body += chars[Math.floor(Math.random() * 31)]
  const sum = [...body].reduce((s, c, i) => s + chars.indexOf(c) * weights[i], 0)
  const check = 31 - (sum % 31)
  return body + chars[check === 31 ? 0 : check]
}

async function noHorizontalOverflow(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }))
  assert.ok(scroll <= width + 1, `page is ${scroll}px wide in a ${width}px window`)
}

// --- tests -------------------------------------------------------------------------------

test('login: a wrong password is refused in words, the right one opens the console with the jurisdiction', async () => {
  const context = await newContext()
  const page = await context.newPage()
  await page.goto('/login')
  await page.fill('input[name=username]', 'admin')
  await page.fill('input[name=password]', `${PASSWORD}-wrong`)
  await page.click('[data-test=login-submit]')
  const err = page.locator('.el-form-item__error, [data-test=login-error]').first()
  await err.waitFor()
  assert.ok((await err.innerText()).trim().length > 3, 'the refusal has words')
  await uiLogin(page, 'admin')
  await page.locator('[data-test=scope]').waitFor()
  const district = (await apiGet(context, '/jurisdictions?code=330106')).items[0]
  assert.match(await page.locator('[data-test=scope]').innerText(), new RegExp(district?.name ?? '西湖区'))
  for (const key of ['map', 'screen', 'enterprises', 'shelters']) await page.locator(`[data-test=nav-${key}]`).first().waitFor()
  context.assertNoExternalRequests()
  await context.close()
})

test('map: every layer holds the features the API returns (screenshot test-results/map.png)', async () => {
  const context = await newContext({ viewport: { width: 1600, height: 1000 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  await page.goto('/map')
  const counts = await waitForMap(page)
  for (const kind of [...LAYERS, 'jurisdictions']) {
    const expected = await geojsonCount(context, kind)
    assert.equal(counts[kind], expected, `${kind}: map holds ${counts[kind]}, API has ${expected}`)
  }
  await page.waitForTimeout(1500)
  await mkdir(RESULTS, { recursive: true })
  await page.screenshot({ path: path.join(RESULTS, 'map.png') })
  context.assertNoExternalRequests()
  await context.close()
})

test('map: search flies to an object and opens its drawer; a drawn circle asks the spatial API', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  await page.goto('/map')
  await waitForMap(page)
  const shelter = (await apiGet(context, '/shelters?page_size=1&sort=name')).items[0]
  await page.fill('[data-test=map-search] input, input[data-test=map-search]', shelter.name)
  await page.locator('.map-search-popper li', { hasText: shelter.name }).first().click()
  await page.locator('[data-test=drawer-title]', { hasText: shelter.name }).waitFor()
  await page.keyboard.press('Escape')

  await page.click('[data-test=draw-circle]')
  const box = await page.locator('[data-test=map]').boundingBox()
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  const within = page.waitForResponse((r) => r.url().includes('/api/v1/spatial/within') && r.request().method() === 'POST')
  await page.mouse.click(cx, cy)
  await page.mouse.move(cx + 120, cy, { steps: 4 })
  await page.mouse.click(cx + 120, cy)
  const reply = await (await within).json()
  const n = Object.values(reply.layers).reduce((s, fc) => s + fc.features.length, 0)
  await page.locator('[data-test=within-total]').waitFor()
  assert.match(await page.locator('[data-test=within-total]').innerText(), new RegExp(`\\b${n}\\b`))
  context.assertNoExternalRequests()
  await context.close()
})

test('registry: an enterprise created through the form appears in the table and on the map, then is deleted', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const town = (await apiGet(context, `/jurisdictions?code=${TOWN}`)).items[0]
  const name = `E2E测试企业${Date.now()}`
  const code = creditCode()
  await page.goto('/registry/enterprises')
  await page.click('[data-test=create]')
  await page.fill('[data-field=name] input', name)
  await page.fill('[data-field=credit_code] input', code)
  await choose(page, 'scale', '规上')
  await choose(page, 'town_code', town.name)
  await page.fill('[data-field=lon] input', String(town.lon ?? 120.05))
  await page.fill('[data-field=lat] input', String(town.lat ?? 30.24))
  await page.click('[data-test=form-submit]')
  await page.waitForURL(/\/registry\/enterprises\/\d+/)
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  await page.locator('[data-test=record-title]', { hasText: name }).waitFor()

  await page.goto('/registry/enterprises')
  await page.fill('[data-test=list-search] input, input[data-test=list-search]', name)
  await page.click('[data-test=list-search-button]')
  await page.locator('[data-test=row-title]', { hasText: name }).waitFor()

  await page.goto(`/map?focus=enterprises:${id}`)
  const counts = await waitForMap(page)
  assert.equal(counts.enterprises, await geojsonCount(context, 'enterprises'))
  assert.ok(await page.evaluate((i) => window.__lakeguardMap.hasFeature('enterprises', i), id), 'the new enterprise is on the map')
  await page.locator('[data-test=drawer-title]', { hasText: name }).waitFor()

  await page.goto(`/registry/enterprises/${id}`)
  await page.click('[data-test=record-delete]')
  await page.click('.el-message-box .el-button--danger')
  await page.waitForURL((u) => u.pathname === '/registry/enterprises')
  const gone = await context.request.get(`/api/v1/enterprises/${id}`)
  assert.equal(gone.status(), 404, 'deleted')
  context.assertNoExternalRequests()
  await context.close()
})

test('registry: a server error is shown in words at the field it names', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const existing = (await apiGet(context, '/enterprises?page_size=1&sort=name')).items[0]
  const town = (await apiGet(context, `/jurisdictions?code=${TOWN}`)).items[0]
  await page.goto('/registry/enterprises')
  await page.click('[data-test=create]')
  await page.fill('[data-field=name] input', `E2E重复代码${Date.now()}`)
  await page.fill('[data-field=credit_code] input', existing.credit_code)
  await choose(page, 'scale', '小微')
  await choose(page, 'town_code', town.name)
  await page.fill('[data-field=lon] input', '120.05')
  await page.fill('[data-field=lat] input', '30.24')
  const reply = page.waitForResponse((r) => r.url().endsWith('/api/v1/enterprises') && r.request().method() === 'POST')
  await page.click('[data-test=form-submit]')
  const res = await reply
  if (res.status() === 201) {
    const created = await res.json()
    await context.request.delete(`/api/v1/enterprises/${created.id}`, { headers: { 'X-Requested-With': 'lakeguard' } })
    assert.fail('the server accepted a duplicate credit code')
  }
  const body = await res.json()
  assert.ok(body.error?.message, 'the error body has a message')
  // At the field the server names; a message naming no field goes above the form.
  const shown = body.error.field
    ? page.locator(`[data-field=${body.error.field}] .el-form-item__error`)
    : page.locator('[data-test=form-error]')
  await shown.waitFor()
  assert.ok((await shown.innerText()).includes(body.error.message), `shown: ${await shown.innerText()}`)
  context.assertNoExternalRequests()
  await context.close()
})

test('import: a CSV with one bad row reports that row and writes nothing', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const before = (await apiGet(context, '/enterprises?page_size=1')).total
  const stamp = Date.now()
  const csv = [
    'name,credit_code,scale,town_code,lon,lat',
    `E2E导入企业A${stamp},${creditCode()},规上,${TOWN},120.05,30.24`,
    `E2E导入企业B${stamp},NOT-A-CODE,规下,${TOWN},120.06,30.25`,
    `E2E导入企业C${stamp},${creditCode()},小微,${TOWN},120.07,30.26`,
  ].join('\r\n') + '\r\n'
  await page.goto('/registry/enterprises')
  await page.click('[data-test=import]')
  const dryRun = page.waitForResponse((r) => r.url().includes('/api/v1/enterprises/import'))
  await page.setInputFiles('[data-test=import-file]', { name: 'enterprises.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
  const report = await (await dryRun).json()
  assert.equal(report.committed, false, 'a dry run commits nothing')
  assert.ok(report.errors.some((e) => e.row === 3), `row 3 is reported: ${JSON.stringify(report.errors)}`)
  const table = page.locator('[data-test=import-errors]')
  await table.waitFor()
  const text = await table.innerText()
  assert.match(text, /\b3\b/, 'the error table names spreadsheet row 3')
  assert.match(text, /统一社会信用代码/, 'and the column by its Chinese label')
  assert.doesNotMatch(text, /credit_code/, 'never by the raw key')
  assert.ok(await page.locator('[data-test=import-commit]').isDisabled(), 'commit is refused while rows are invalid')
  await page.keyboard.press('Escape')
  const after = (await apiGet(context, '/enterprises?page_size=1')).total
  assert.equal(after, before, 'nothing was written')
  context.assertNoExternalRequests()
  await context.close()
})

test('import: an XLSX read in the browser is checked, then committed, and its rows appear', async () => {
  const ExcelJS = require('exceljs')
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const before = (await apiGet(context, '/enterprises?page_size=1')).total
  const stamp = Date.now()
  const sheet = async (rows) => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('enterprises')
    ws.addRow(['name', 'credit_code', 'scale', 'town_code', 'lon', 'lat', 'hazchem_user'])
    for (const r of rows) ws.addRow(r)
    return Buffer.from(await wb.xlsx.writeBuffer())
  }
  const good = [
    [`E2E表格企业A${stamp}`, creditCode(), '规下', Number(TOWN), 120.05, 30.24, '是'],
    [`E2E表格企业B${stamp}`, creditCode(), '小微', TOWN, 120.06, 30.25, false],
  ]
  await page.goto('/registry/enterprises')
  await page.click('[data-test=import]')

  let dryRun = page.waitForResponse((r) => r.url().includes('/api/v1/enterprises/import'))
  await page.setInputFiles('[data-test=import-file]', { name: 'bad.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await sheet([good[0], [`E2E表格企业X${stamp}`, creditCode(), '特大型', TOWN, 120.07, 30.26, false]]) })
  let report = await (await dryRun).json()
  assert.ok(report.errors.some((e) => e.row === 3 && e.column === 'scale'), `row 3 scale is reported: ${JSON.stringify(report.errors)}`)
  await page.locator('[data-test=import-errors]', { hasText: '规模' }).waitFor()
  assert.ok(await page.locator('[data-test=import-commit]').isDisabled())

  dryRun = page.waitForResponse((r) => r.url().includes('/api/v1/enterprises/import'))
  await page.setInputFiles('[data-test=import-file]', { name: 'good.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await sheet(good) })
  report = await (await dryRun).json()
  assert.deepEqual(report.errors, [])
  assert.equal(report.valid, 2)
  const commit = page.waitForResponse((r) => r.url().includes('/api/v1/enterprises/import') && r.url().includes('dry_run=false'))
  await page.click('[data-test=import-commit]')
  assert.equal((await (await commit).json()).committed, true)
  await page.locator('[data-test=import-committed]').waitFor()
  await page.click('[data-test=import-done]')
  await page.locator('[data-test=list-total]', { hasText: String(before + 2) }).waitFor()
  for (const [name] of good) {
    const found = (await apiGet(context, `/enterprises?q=${encodeURIComponent(name)}`)).items
    assert.equal(found.length, 1, `${name} was imported once`)
    assert.equal(found[0].town_code, TOWN)
    await context.request.delete(`/api/v1/enterprises/${found[0].id}`, { headers: { 'X-Requested-With': 'lakeguard' } })
  }
  context.assertNoExternalRequests()
  await context.close()
})

test("export: the server's CSV and the browser-built XLSX hold the filtered list", async () => {
  const ExcelJS = require('exceljs')
  const context = await newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const total = (await apiGet(context, `/enterprises?page_size=1&scale=${encodeURIComponent('规上')}`)).total
  await page.goto(`/registry/enterprises?scale=${encodeURIComponent('规上')}`)
  await page.locator('[data-test=list-total]', { hasText: String(total) }).waitFor()

  await page.click('[data-test=export]')
  let download = page.waitForEvent('download')
  await page.locator('[data-test=export-csv]:visible').click()
  const csv = await readFile(await (await download).path(), 'utf8')
  assert.equal(csv.charCodeAt(0), 0xfeff, 'CSV starts with a BOM for Excel')
  const lines = csv.slice(1).split(/\r?\n/).filter((l) => l.trim() !== '')
  assert.match(lines[0], /credit_code/)
  assert.equal(lines.length - 1, total, 'one CSV line per enterprise')

  await page.click('[data-test=export]')
  download = page.waitForEvent('download')
  await page.locator('[data-test=export-xlsx]:visible').click()
  const file = await download
  assert.match(file.suggestedFilename(), /^企业台账_\d{8}\.xlsx$/)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(await file.path())
  const ws = wb.worksheets[0]
  assert.equal(ws.actualRowCount - 1, total, 'one XLSX row per enterprise')
  const header = ws.getRow(1).values.slice(1)
  const scaleCol = header.indexOf('规模') + 1
  assert.ok(scaleCol > 0, `a 规模 column: ${header.join(', ')}`)
  ws.eachRow((row, n) => {
    if (n > 1) assert.equal(row.getCell(scaleCol).value, '规上')
  })
  context.assertNoExternalRequests()
  await context.close()
})

test(`scope: town_${TOWN} sees only its town's objects, on the map and in the registry`, async () => {
  const admin = await newContext()
  await apiLogin(admin, 'admin')
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  await uiLogin(page, `town_${TOWN}`)
  const town = (await apiGet(admin, `/jurisdictions?code=${TOWN}`)).items[0]
  await page.locator('[data-test=scope]', { hasText: town.name }).waitFor()
  await page.goto('/map')
  const counts = await waitForMap(page)
  for (const kind of LAYERS) {
    const fc = await apiGet(context, `/${kind}.geojson`)
    const outside = fc.features.filter((f) => f.properties.town_code !== TOWN)
    assert.equal(outside.length, 0, `${kind}: ${outside.length} objects outside the town`)
    assert.equal(counts[kind], fc.features.length, `${kind}: the map holds what the API gives the town`)
    assert.equal(fc.features.length, await geojsonCount(admin, kind, `?town_code=${TOWN}`), `${kind}: the town sees all of its own`)
  }
  await page.goto('/registry/enterprises')
  const list = await apiGet(context, '/enterprises?page_size=1')
  await page.locator('[data-test=list-total]', { hasText: String(list.total) }).waitFor()
  const towns = await page.locator('.el-table__body td.col-town_code').allInnerTexts()
  assert.ok(towns.length > 0 && towns.every((t) => t.includes(town.name)), `town column: ${towns.slice(0, 5).join(', ')}`)
  context.assertNoExternalRequests()
  await context.close()
  await admin.close()
})

test('scope: a district user narrows lists and layers to one town with the header switch', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'district')
  const page = await context.newPage()
  const town = (await apiGet(context, `/jurisdictions?code=${TOWN}`)).items[0]
  await page.goto('/registry/enterprises')
  await page.locator('[data-test=list-total]').waitFor()
  const narrowed = page.waitForRequest((r) => r.url().includes('/api/v1/enterprises?') && r.url().includes(`town_code=${TOWN}`))
  await page.click('[data-test=town-switch] .el-select__wrapper, .town-switch .el-select__wrapper')
  await page.locator('.el-select-dropdown__item:visible', { hasText: town.name }).first().click()
  await narrowed
  const expected = (await apiGet(context, `/enterprises?page_size=1&town_code=${TOWN}`)).total
  await page.locator('[data-test=list-total]', { hasText: String(expected) }).waitFor()
  const geo = page.waitForRequest((r) => r.url().includes('/api/v1/shelters.geojson') && r.url().includes(`town_code=${TOWN}`))
  await page.click('[data-test=nav-map]')
  await geo
  const counts = await waitForMap(page)
  assert.equal(counts.shelters, await geojsonCount(context, 'shelters', `?town_code=${TOWN}`))
  context.assertNoExternalRequests()
  await context.close()
})

test('i18n: the language switch changes the interface and is remembered', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  await page.goto('/registry/shelters')
  const nav = page.locator('[data-test=nav-map]').first()
  assert.equal((await nav.innerText()).trim(), '一张图')
  const listRequest = page.waitForRequest((r) => r.url().includes('/api/v1/') && r.headers()['accept-language'] === 'en', { timeout: 20_000 })
  await page.click('[data-test=language-switch] .lang-button, .lang-button')
  await page.locator('[data-test=lang-en]:visible').click()
  await page.locator('[data-test=nav-map]', { hasText: 'Map' }).first().waitFor()
  assert.equal(await page.evaluate(() => localStorage.getItem('lakeguard.locale')), 'en')
  await page.click('[data-test=nav-enterprises]')
  await listRequest
  await page.reload()
  await page.locator('[data-test=nav-map]', { hasText: 'Map' }).first().waitFor()
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
  await page.click('.lang-button')
  await page.locator('[data-test=lang-zh-CN]:visible').click()
  await page.locator('[data-test=nav-map]', { hasText: '一张图' }).first().waitFor()
  context.assertNoExternalRequests()
  await context.close()
})

test('session: when the session ends, the next request returns to the login page with a message', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  // A page without a live connection: the next request finds the session gone.
  await page.goto('/account/tokens')
  await page.locator('[data-test=list-total]').waitFor()
  await context.request.post('/api/v1/auth/logout', { headers: { 'X-Requested-With': 'lakeguard' } })
  await context.clearCookies()
  await page.click('[data-test=nav-enterprises]')
  await page.waitForURL((u) => u.pathname === '/login')
  await page.locator('[data-test=expired]').waitFor()
  assert.ok((await page.locator('[data-test=expired]').innerText()).trim().length > 3)
  context.assertNoExternalRequests()
  await context.close()
})

test('session: the server closes the live connection on logout; the page goes to sign-in at once, without reconnecting', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const sockets = []
  page.on('websocket', (ws) => sockets.push(ws))
  const subscribed = page.waitForEvent('websocket').then((ws) =>
    ws.waitForEvent('framereceived', { predicate: (f) => String(f.payload).includes('"subscribed"'), timeout: 15_000 }),
  )
  await page.goto('/registry/shelters')
  await page.locator('[data-test=list-total]').waitFor()
  await subscribed
  const closed = sockets[0].waitForEvent('framereceived', { predicate: (f) => String(f.payload).includes('"closed"'), timeout: 10_000 })
  // The same session ends elsewhere (another tab signs out).
  const r = await context.request.post('/api/v1/auth/logout', { headers: { 'X-Requested-With': 'lakeguard' } })
  assert.equal(r.status(), 204)
  const frame = await closed
  assert.match(String(frame.payload), /"reason":"session_ended"/)
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('ended') === 'session_ended')
  const notice = page.locator('[data-test=session-ended]')
  await notice.waitFor()
  assert.match(await notice.innerText(), /会话已结束/)
  await page.waitForTimeout(3000)
  assert.equal(sockets.length, 1, 'no reconnect after the server closed the session')
  context.assertNoExternalRequests()
  await context.close()
})

test('roles: write buttons follow the server (a town officer and the district warehouse; a district officer and the divisions)', async () => {
  const WAREHOUSE_TOWN = '330106004'
  const admin = await newContext()
  await apiLogin(admin, 'admin')
  const stores = (await apiGet(admin, `/warehouses?town_code=${WAREHOUSE_TOWN}&page_size=100`)).items
  const districtStore = stores.find((w) => w.level === 'district')
  const townStore = stores.find((w) => w.level === 'town')
  assert.ok(districtStore && townStore, `town ${WAREHOUSE_TOWN} holds the district warehouse and a town one`)
  await admin.close()

  const town = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(town, `town_${WAREHOUSE_TOWN}`)
  let page = await town.newPage()
  await page.goto('/registry/warehouses')
  const row = (name) => page.locator('[data-test=list-table] .el-table__body tr', { has: page.locator('[data-test=row-title]', { hasText: name }) })
  // Element Plus draws the fixed columns in a table of their own: look for the buttons by row index.
  await row(districtStore.name).first().waitFor()
  const actions = async (name) => {
    const titles = await page.locator('[data-test=list-table] .el-table__body-wrapper [data-test=row-title]').allInnerTexts()
    const i = titles.findIndex((t) => t.trim() === name)
    assert.ok(i >= 0, `${name} is listed`)
    const cells = page.locator('[data-test=list-table] .el-table__body-wrapper .el-table__body tr').nth(i)
    return { edit: await cells.locator('[data-test=row-edit]').count(), del: await cells.locator('[data-test=row-delete]').count() }
  }
  assert.deepEqual(await actions(districtStore.name), { edit: 0, del: 0 }, 'no edit or delete on the district warehouse')
  assert.deepEqual(await actions(townStore.name), { edit: 1, del: 1 }, 'the town warehouse is the town’s to edit')
  await page.goto(`/registry/warehouses/${districtStore.id}`)
  await page.locator('[data-test=record-title]').waitFor()
  assert.equal(await page.locator('[data-test=record-edit], [data-test=record-delete]').count(), 0, 'no edit on the district warehouse page')
  // A new warehouse can only be of a level the role may write.
  await page.goto('/registry/warehouses')
  await page.click('[data-test=create]')
  await page.click('[data-field=level] .el-select__wrapper')
  await page.locator('.el-select-dropdown__item:visible').first().waitFor()
  const levels = await page.locator('.el-select-dropdown__item:visible').allInnerTexts()
  assert.deepEqual(levels.map((l) => l.trim()), ['镇街级', '村级'], 'a town officer may create town and village warehouses only')
  town.assertNoExternalRequests()
  await town.close()

  const district = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(district, 'district')
  const j = (await apiGet(district, `/jurisdictions?code=${TOWN}`)).items[0]
  page = await district.newPage()
  await page.goto(`/registry/jurisdictions/${j.id}`)
  await page.locator('[data-test=record-title]', { hasText: j.name }).waitFor()
  await page.click('[data-test=record-edit]')
  const population = (j.population ?? 0) + 1
  await page.fill('[data-field=population] input', String(population))
  await page.click('[data-test=form-submit]')
  await page.locator('[data-test=record-dialog]').waitFor({ state: 'hidden' })
  assert.equal((await apiGet(district, `/jurisdictions/${j.id}`)).population, population, 'the district officer changed the division')
  const back = await district.request.patch(`/api/v1/jurisdictions/${j.id}`, { headers: { 'X-Requested-With': 'lakeguard' }, data: { population: j.population } })
  assert.equal(back.status(), 200, await back.text())
  district.assertNoExternalRequests()
  await district.close()
})

test('roles: a viewer reads the registry but is offered no create, edit, import or delete', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'viewer')
  const page = await context.newPage()
  await page.goto('/registry/shelters')
  await page.locator('[data-test=row-title]').first().waitFor()
  for (const sel of ['create', 'import', 'row-edit', 'row-delete']) {
    assert.equal(await page.locator(`[data-test=${sel}]`).count(), 0, `no ${sel} for a viewer`)
  }
  await page.locator('[data-test=row-title]').first().click()
  await page.locator('[data-test=record-title]').waitFor()
  assert.equal(await page.locator('[data-test=record-edit], [data-test=record-delete]').count(), 0)
  await page.locator('[data-test=synthetic-tag]').first().waitFor()
  context.assertNoExternalRequests()
  await context.close()
})

test('mobile: inspector and enterprise pages work at 360 px', async () => {
  const admin = await newContext()
  await apiLogin(admin, 'admin')
  // The demo's enterprise user belongs to the first hazardous-chemical enterprise.
  const ownerUser = (await apiGet(admin, '/users')).items.find((u) => u.role === 'enterprise_user')
  assert.ok(ownerUser, 'the demo has an enterprise user')
  const enterprise = await apiGet(admin, `/enterprises/${ownerUser.enterprise_id}`)
  await admin.close()

  const inspector = await newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
  await apiLogin(inspector, 'inspector')
  let page = await inspector.newPage()
  await page.goto('/')
  await page.waitForURL((u) => u.pathname === '/registry/enterprises')
  await page.locator('[data-test=list-card]').first().waitFor()
  await noHorizontalOverflow(page)
  await page.locator('[data-test=list-card]').first().click()
  await page.locator('[data-test=record-title]').waitFor()
  await noHorizontalOverflow(page)
  assert.equal(await page.locator('[data-test=record-edit]').count(), 0, 'an inspector cannot edit enterprises')
  inspector.assertNoExternalRequests()
  await inspector.close()

  const owner = await newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
  await apiLogin(owner, ownerUser.username)
  page = await owner.newPage()
  await page.goto('/')
  await page.waitForURL((u) => u.pathname === '/my-enterprise')
  await page.locator('[data-test=record-title]', { hasText: enterprise.name }).waitFor()
  await page.locator('[data-test=child-chemicals]').waitFor()
  await noHorizontalOverflow(page)
  await mkdir(RESULTS, { recursive: true })
  await page.screenshot({ path: path.join(RESULTS, 'enterprise-360.png'), fullPage: true })
  owner.assertNoExternalRequests()
  await owner.close()
})

test('screen: counts per category and town, the map, latest changes, a Beijing clock, polling every 30 s without live updates', async () => {
  // A browser in another zone must still show Beijing time; one without WebSocket must still get
  // the whole screen, kept current by the 30 s poll (the fallback while live updates are down).
  const context = await newContext({ viewport: { width: 1920, height: 1080 }, timezoneId: 'UTC' })
  await context.addInitScript(() => {
    delete window.WebSocket
  })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  await page.goto('/screen')
  const expected = await geojsonCount(context, 'enterprises')
  await page.locator('[data-test=total-enterprises] .n', { hasText: String(expected) }).waitFor()
  for (const chart of ['chart-category', 'chart-town', 'chart-scale']) await page.locator(`[data-test=${chart}] canvas`).first().waitFor()
  await page.locator('[data-test=latest-changes] li').first().waitFor()
  await waitForMap(page)
  const clock = await page.locator('[data-test=clock] .time').innerText()
  const beijing = (d) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d)
  const now = Date.now()
  assert.ok([beijing(new Date(now)), beijing(new Date(now - 60_000))].includes(clock.slice(0, 5)), `clock ${clock} shows Beijing time ${beijing(new Date(now))}`)
  const indicator = page.locator('[data-test=live-state][data-state=offline]')
  await indicator.waitFor()
  assert.match(await indicator.innerText(), /离线/)
  assert.match(await page.locator('[data-test=screen-refreshed]').innerText(), /每 30 秒自动刷新/)
  await mkdir(RESULTS, { recursive: true })
  await page.screenshot({ path: path.join(RESULTS, 'screen.png') })
  const url = page.url()
  await page.waitForRequest((r) => r.url().includes('/api/v1/enterprises.geojson'), { timeout: 40_000 })
  assert.equal(page.url(), url, 'no reload')
  context.assertNoExternalRequests()
  await context.close()
})

test('screen: live updates — a record written through the API shows in the latest changes, the counts and the map within seconds, an import reloads once', async () => {
  const context = await newContext({ viewport: { width: 1920, height: 1080 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const loads = [] // the screen's reloads of the shelters layer
  page.on('request', (r) => {
    if (r.url().includes('/api/v1/shelters.geojson')) loads.push(Date.now())
  })
  await page.goto('/screen')
  const before = await geojsonCount(context, 'shelters')
  const total = (n) => page.locator('[data-test=total-shelters] .n', { hasText: new RegExp(`^${n}$`) })
  await total(before).waitFor()
  await page.locator('[data-test=latest-changes] li').first().waitFor()
  await waitForMap(page)
  const live = page.locator('[data-test=live-state][data-state=connected]')
  await live.waitFor({ timeout: 15_000 })
  assert.match(await live.innerText(), /实时/)
  assert.match(await page.locator('[data-test=screen-refreshed]').innerText(), /实时推送/)
  await page.waitForTimeout(500)
  const headers = { 'X-Requested-With': 'lakeguard' }
  const stamp = Date.now()

  // One write: shown well before the 30 s poll could have, after a single reload.
  const name = `E2E实时避灾点${stamp}`
  let loadsBefore = loads.length
  let started = Date.now()
  const r = await context.request.post('/api/v1/shelters', {
    headers,
    data: { name, town_code: TOWN, lon: 120.105, lat: 30.255, capacity_people: 120 },
  })
  assert.equal(r.status(), 201)
  const created = await r.json()
  await page.locator('[data-test=latest-changes] li', { hasText: name }).waitFor({ timeout: 5000 })
  await total(before + 1).waitFor({ timeout: 5000 })
  await page.waitForFunction((id) => window.__lakeguardMap?.hasFeature('shelters', id), created.id, { timeout: 5000 })
  let elapsed = Date.now() - started
  assert.ok(elapsed < 5000, `shown after ${elapsed} ms, not by the 30 s poll`)
  assert.equal(loads.length - loadsBefore, 1, 'one reload for one write')

  // An import of 30 rows: 30 events, one reload.
  const rows = Array.from({ length: 30 }, (_, i) => ({
    name: `E2E实时导入${stamp}-${i}`,
    town_code: TOWN,
    lon: 120.1 + i * 0.001,
    lat: 30.25,
    capacity_people: 10,
  }))
  await page.waitForTimeout(500)
  loadsBefore = loads.length
  started = Date.now()
  const imp = await context.request.post('/api/v1/shelters/import?dry_run=false', { headers, data: { rows } })
  assert.equal(imp.status(), 200)
  assert.equal((await imp.json()).committed, true)
  await total(before + 31).waitFor({ timeout: 5000 })
  elapsed = Date.now() - started
  assert.ok(elapsed < 5000, `import shown after ${elapsed} ms`)
  await page.waitForTimeout(1500)
  assert.equal(loads.length - loadsBefore, 1, `a burst of 30 events reloaded ${loads.length - loadsBefore} times`)

  // Deletions too; then the screen is back where it started.
  const imported = await apiGet(context, `/shelters?q=${encodeURIComponent(`E2E实时导入${stamp}`)}&page_size=100`)
  assert.equal(imported.items.length, 30)
  for (const id of [created.id, ...imported.items.map((o) => o.id)]) {
    const d = await context.request.delete(`/api/v1/shelters/${id}`, { headers })
    assert.equal(d.status(), 204)
  }
  await total(before).waitFor({ timeout: 5000 })
  await page.waitForFunction((id) => window.__lakeguardMap && !window.__lakeguardMap.hasFeature('shelters', id), created.id, { timeout: 5000 })
  context.assertNoExternalRequests()
  await context.close()
})

test('registry: objects created elsewhere join the open list, a deleted one leaves it, an edit shows "N new changes" which reloads it when clicked', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const subscribed = page.waitForEvent('websocket').then((ws) =>
    ws.waitForEvent('framereceived', { predicate: (f) => String(f.payload).includes('"subscribed"'), timeout: 15_000 }),
  )
  await page.goto('/registry/teams')
  await page.locator('[data-test=list-table] .el-table__body tr').first().waitFor()
  await subscribed
  const before = (await apiGet(context, '/teams?page_size=1')).total
  const headers = { 'X-Requested-With': 'lakeguard' }
  const made = []
  const names = []
  for (let i = 0; i < 2; i++) {
    names.push(`E2E实时队伍${Date.now()}-${i}`)
    const r = await context.request.post('/api/v1/teams', { headers, data: { name: names[i], town_code: TOWN, headcount: 12, lon: 120.1, lat: 30.25 } })
    assert.equal(r.status(), 201, await r.text())
    made.push((await r.json()).id)
  }
  // Created elsewhere: on top of the first page at once, the total with them.
  await page.locator('[data-test=list-total]', { hasText: new RegExp(`(^|\\D)${before + 2}(\\D|$)`) }).waitFor({ timeout: 15_000 })
  for (const name of names) await page.locator('[data-test=list-table] [data-test=row-title]', { hasText: name }).first().waitFor()
  // Deleted elsewhere (or moved out of scope): the row goes.
  let r = await context.request.delete(`/api/v1/teams/${made[0]}`, { headers })
  assert.equal(r.status(), 204, await r.text())
  await page.locator('[data-test=list-total]', { hasText: new RegExp(`(^|\\D)${before + 1}(\\D|$)`) }).waitFor({ timeout: 15_000 })
  assert.equal(await page.locator('[data-test=row-title]', { hasText: names[0] }).count(), 0, `${names[0]} is gone`)
  // An edit of a row shown is counted for the user to reload.
  r = await context.request.patch(`/api/v1/teams/${made[1]}`, { headers, data: { headcount: 13 } })
  assert.equal(r.status(), 200, await r.text())
  const hint = page.locator('[data-test=live-hint]')
  await hint.waitFor({ timeout: 15_000 })
  assert.match(await hint.innerText(), /有 1 条新变更/)
  await hint.click()
  await hint.waitFor({ state: 'hidden' })
  await page.locator('[data-test=list-total]', { hasText: new RegExp(`(^|\\D)${before + 1}(\\D|$)`) }).waitFor()
  await context.request.delete(`/api/v1/teams/${made[1]}`, { headers })
  context.assertNoExternalRequests()
  await context.close()
})

// --- administration (F1): users, API tokens, audit log --------------------------------------

/** Signs in through the login form with any password; returns to the given path. */
async function uiLoginWith(page, username, password, redirect = '/registry/shelters') {
  await page.goto(`/login?redirect=${encodeURIComponent(redirect)}`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('[data-test=login-submit]')
}

test('users: admin creates a town officer (server field error first), who sees only the town; disabled, the login is refused; the audit log shows both', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const town = (await apiGet(context, `/jurisdictions?code=${TOWN}`)).items[0]
  const stamp = Date.now()
  const username = `e2e_town_${stamp}`
  const password = `E2e-pass-${stamp}`
  await page.goto('/admin/users')
  await page.locator('[data-test=user-username]').first().waitFor()
  await page.click('[data-test=user-create]')
  const dialog = page.locator('[data-test=user-dialog]')
  await dialog.locator('[data-field=username] input').fill(username)
  await dialog.locator('[data-field=display_name] input').fill(`E2E镇街用户${stamp}`)
  await dialog.locator('[data-field=password] input').fill(password)
  await choose(page, 'role', '镇街应急办')
  // A well-formed town code that names no division: only the server can tell.
  await page.click('[data-field=scope_code] .el-select__wrapper')
  await page.keyboard.type('330106999')
  await page.keyboard.press('Enter')
  const isCreate = (r) => r.url().endsWith('/api/v1/users') && r.request().method() === 'POST'
  let reply = page.waitForResponse(isCreate)
  await dialog.locator('[data-test=form-submit]').click()
  let res = await reply
  assert.equal(res.status(), 422, 'an unknown town is refused')
  const refusal = (await res.json()).error
  assert.equal(refusal.field, 'scope_code')
  const fieldError = dialog.locator('[data-field=scope_code] .el-form-item__error')
  await fieldError.waitFor()
  assert.ok((await fieldError.innerText()).includes(refusal.message), `shown at the field: ${await fieldError.innerText()}`)

  await choose(page, 'scope_code', town.name)
  reply = page.waitForResponse(isCreate)
  await dialog.locator('[data-test=form-submit]').click()
  res = await reply
  assert.equal(res.status(), 201)
  const created = await res.json()
  assert.deepEqual([created.role, created.scope_type, created.scope_code], ['town_officer', 'town', TOWN])
  await page.fill('[data-test=user-search] input, input[data-test=user-search]', username)
  const row = page.locator('[data-test=user-table] .el-table__body tr', { hasText: username })
  await row.waitFor()
  const rowText = await row.innerText()
  assert.ok(rowText.includes(town.name) && rowText.includes('镇街应急办'), `row: ${rowText}`)

  // The new user signs in and sees its town only.
  const officer = await newContext({ viewport: { width: 1400, height: 900 } })
  const op = await officer.newPage()
  await uiLoginWith(op, username, password)
  await op.waitForURL((u) => u.pathname === '/registry/shelters')
  await op.locator('[data-test=scope]', { hasText: town.name }).waitFor()
  assert.equal(await op.locator('[data-test=nav-admin]').count(), 0, 'no administration for a town officer')
  const shelters = await apiGet(officer, '/shelters?page_size=500')
  assert.ok(shelters.total > 0, 'the town has shelters')
  assert.ok(shelters.items.every((s) => s.town_code === TOWN), 'only shelters of the town')
  await op.locator('[data-test=list-total]', { hasText: String(shelters.total) }).waitFor()

  // Disabled by the admin: the session ends and the login is refused in words.
  await row.locator('[data-test=user-toggle]').click()
  const patched = page.waitForResponse((r) => r.url().endsWith(`/api/v1/users/${created.id}`) && r.request().method() === 'PATCH')
  await page.locator('.el-message-box .el-button--danger').click()
  assert.equal((await patched).status(), 200)
  await row.locator('[data-test=user-status]', { hasText: '已停用' }).waitFor()
  assert.equal((await officer.request.get('/api/v1/auth/me')).status(), 401, 'the session ended')
  await officer.close()
  const again = await newContext()
  const lp = await again.newPage()
  await uiLoginWith(lp, username, password)
  const err = lp.locator('.el-form-item__error, [data-test=login-error]').first()
  await err.waitFor()
  assert.ok((await err.innerText()).trim().length > 3, 'the refusal has words')
  assert.equal(new URL(lp.url()).pathname, '/login')
  await again.close()

  // The audit log: the update (disabled false → true) and the creation, with before/after.
  await page.goto(`/admin/audit?entity=users&entity_id=${created.id}`)
  const rows = page.locator('[data-test=audit-table] .el-table__body tr.el-table__row')
  await page.locator('[data-test=list-total]', { hasText: /\b2\b/ }).waitFor()
  const actions = await page.locator('[data-test=audit-action]').evaluateAll((els) => els.map((e) => e.dataset.action))
  assert.deepEqual(actions, ['update', 'create'])
  await rows.nth(0).click()
  const changed = page.locator('[data-test=audit-diff] [data-test=diff-row-disabled]')
  await changed.waitFor()
  assert.equal(await changed.getAttribute('data-change'), 'changed')
  assert.equal((await changed.locator('td.before').innerText()).trim(), '否')
  assert.equal((await changed.locator('td.after').innerText()).trim(), '是')
  assert.equal(await page.locator('[data-test=audit-diff] [data-test=diff-row-role]').count(), 0, 'unchanged fields are left out at first')
  await rows.nth(1).click()
  await page.locator('[data-test=audit-diff] [data-test=diff-row-scope_code]', { hasText: town.name }).waitFor()
  context.assertNoExternalRequests()
  await context.close()
})

test('users: a non-admin gets no administration, and /admin/users leads to the no-access page', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'district')
  const page = await context.newPage()
  await page.goto('/registry/shelters')
  await page.locator('[data-test=row-title]').first().waitFor()
  assert.equal(await page.locator('[data-test=nav-admin]').count(), 0, 'no administration in the navigation')
  await page.locator('[data-test=row-title]').first().click()
  await page.locator('[data-test=record-title]').waitFor()
  assert.equal(await page.locator('[data-test=record-audit]').count(), 0, 'no history link')
  for (const path of ['/admin/users', '/admin/audit']) {
    await page.goto(path)
    await page.waitForURL((u) => u.pathname === '/no-access')
    await page.locator('.el-result', { hasText: '无权' }).waitFor()
  }
  assert.equal((await context.request.get('/api/v1/users')).status(), 403)
  context.assertNoExternalRequests()
  await context.close()
})

test("audit: a record's page links admins to its history", async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const shelter = (await apiGet(context, '/shelters?page_size=1&sort=name')).items[0]
  const history = await apiGet(context, `/audit?entity=shelters&entity_id=${shelter.id}&page_size=1`)
  await page.goto(`/registry/shelters/${shelter.id}`)
  await page.click('[data-test=record-audit]')
  await page.waitForURL((u) => u.pathname === '/admin/audit' && u.searchParams.get('entity_id') === String(shelter.id))
  await page.locator('[data-test=list-total]', { hasText: new RegExp(`\\b${history.total}\\b`) }).waitFor()
  assert.ok(history.total > 0, 'the demo data were written with an audit trail')
  await page.locator('[data-test=audit-table] .el-table__body tr.el-table__row').first().click()
  await page.locator('[data-test=audit-diff] [data-test=diff-row-name]', { hasText: shelter.name }).waitFor()
  context.assertNoExternalRequests()
  await context.close()
})

test('tokens: a new API token is shown once, works as a bearer token and stops working when revoked', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE })
  await apiLogin(context, 'inspector_2')
  const page = await context.newPage()
  await page.goto('/registry/enterprises')
  await page.click('[data-test=user-menu]')
  await page.locator('[data-test=menu-tokens]:visible').click()
  await page.waitForURL((u) => u.pathname === '/account/tokens')
  const name = `E2E令牌${Date.now()}`
  await page.click('[data-test=token-create]')
  await page.fill('[data-test=token-dialog] [data-field=name] input', name)
  const made = page.waitForResponse((r) => r.url().endsWith('/api/v1/tokens') && r.request().method() === 'POST')
  await page.click('[data-test=token-submit]')
  const reply = await made
  assert.equal(reply.status(), 201)
  const secretInput = page.locator('[data-test=token-secret] input, input[data-test=token-secret]')
  await secretInput.waitFor()
  const token = await secretInput.inputValue()
  assert.equal(token, (await reply.json()).token)
  assert.ok(token.length >= 32, 'a long random token')
  assert.match(await page.locator('[data-test=token-once-warning]').innerText(), /只显示这一次/)
  await page.click('[data-test=token-copy]')
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token, 'copied')

  const me = (t) => fetch(`${BASE}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${t}` } })
  let r = await me(token)
  assert.equal(r.status, 200)
  assert.equal((await r.json()).user.username, 'inspector_2')

  await page.click('[data-test=token-secret-close]')
  const row = page.locator('[data-test=token-table] .el-table__body tr', { hasText: name })
  await row.waitFor()
  await secretInput.waitFor({ state: 'hidden' })
  const shownAgain = await page.evaluate(
    (t) => document.body.innerText.includes(t) || [...document.querySelectorAll('input, textarea')].some((i) => i.value.includes(t)),
    token,
  )
  assert.equal(shownAgain, false, 'the token is not shown again')

  await row.locator('[data-test=token-revoke]').click()
  const revoked = page.waitForResponse((r) => r.url().includes('/api/v1/tokens/') && r.request().method() === 'DELETE')
  await page.locator('.el-message-box .el-button--danger').click()
  assert.equal((await revoked).status(), 204)
  await row.locator('[data-test=token-status]', { hasText: '已撤销' }).waitFor()
  r = await me(token)
  assert.equal(r.status, 401, 'a revoked token is refused')
  context.assertNoExternalRequests()
  await context.close()
})

// --- risk calculators (issue 8, F3) ------------------------------------------------------

/** Picks an option of an Element Plus select inside one form. */
async function chooseIn(page, form, field, optionText) {
  await page.click(`${form} [data-field=${field}] .el-select__wrapper`)
  await page.locator('.el-select-dropdown__item:visible', { hasText: optionText }).first().click()
}

/** Types into an Element Plus input (number inputs take the value when the focus leaves). */
async function typeIn(page, selector, value) {
  await page.fill(`${selector} input`, String(value))
  await page.press(`${selector} input`, 'Tab')
}

/** Clicks the form's 计算 and returns the server's reply to the calculation it sent. */
async function calculate(page, form, endpoint) {
  const reply = page.waitForResponse((r) => r.url().endsWith(`/api/v1/calc/${endpoint}`) && r.request().method() === 'POST')
  await page.click(`${form} [data-test=calc-submit]`)
  return reply
}

test('risk: every role finds the calculators; the page offers the published LEC values and the 5×5 matrix, also at 360 px', async () => {
  const admin = await newContext()
  await apiLogin(admin, 'admin')
  const ownerUser = (await apiGet(admin, '/users')).items.find((u) => u.role === 'enterprise_user')
  await admin.close()
  for (const username of ['admin', 'district', `town_${TOWN}`, 'inspector', 'viewer']) {
    const context = await newContext({ viewport: { width: 1600, height: 900 } })
    await apiLogin(context, username)
    const page = await context.newPage()
    await page.goto('/')
    await page.click('[data-test=nav-risk]')
    await page.waitForURL((u) => u.pathname === '/risk/calc')
    await page.locator('[data-test=lec-form]').waitFor()
    context.assertNoExternalRequests()
    await context.close()
  }

  const owner = await newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
  await apiLogin(owner, ownerUser.username)
  const page = await owner.newPage()
  await page.goto('/my-enterprise')
  await page.click('[data-test=menu-button]')
  await page.locator('.el-drawer [data-test=nav-risk]').click()
  await page.waitForURL((u) => u.pathname === '/risk/calc')
  await page.click('[data-test=lec-form] [data-field=C] .el-select__wrapper')
  await page.locator('.el-select-dropdown__item:visible').first().waitFor()
  const options = await page.locator('.el-select-dropdown__item:visible').allInnerTexts()
  assert.deepEqual(options.map((o) => o.trim()), ['100 — 大灾难，许多人死亡', '40 — 灾难，数人死亡', '15 — 非常严重，一人死亡', '7 — 严重，重伤', '3 — 重大，致残', '1 — 引人注目，需要救护'])
  await page.keyboard.press('Escape')
  await noHorizontalOverflow(page)
  await page.click('[data-test=risk-tab-ls]')
  await page.waitForURL((u) => u.searchParams.get('tab') === 'ls')
  assert.equal(await page.locator('[data-test=ls-matrix] td').count(), 25)
  await page.click('[data-test=ls-cell-4-5]')
  assert.equal(await page.locator('[data-test=ls-matrix] td[aria-current=true]').innerText(), '20')
  assert.equal(await page.locator('[data-test=ls-form] [data-test=L-4] input').isChecked(), true, 'the matrix cell chooses L')
  assert.equal(await page.locator('[data-test=ls-form] [data-test=S-5] input').isChecked(), true, 'and S')
  await noHorizontalOverflow(page)
  for (const tab of ['major', 'accident']) {
    await page.click(`[data-test=risk-tab-${tab}]`)
    await page.locator(`[data-test=${tab === 'major' ? 'major' : 'accident'}-form]`).waitFor()
    await noHorizontalOverflow(page)
  }
  owner.assertNoExternalRequests()
  await owner.close()
})

test('risk: LEC 3/6/7 is 126 显著危险, LS 4/5 is 20, 2 deaths and 10 serious injuries 较大, chlorine 5 t S = 1 a major hazard; a bad row is named (screenshot test-results/risk-calc.png)', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 1000 } })
  try {
    await apiLogin(context, 'inspector')
    const probe = await context.request.post('/api/v1/calc/lec', { data: { L: 3, E: 6, C: 7 }, headers: { 'X-Requested-With': 'lakeguard' } })
    if (probe.status() === 404) skip('POST /api/v1/calc/lec answers 404: this server has no risk calculators yet')
    assert.equal(probe.status(), 200, `POST /api/v1/calc/lec: HTTP ${probe.status()}`)
    const page = await context.newPage()
    await page.goto('/risk/calc')

    // LEC (standards.md §2): D = 3 × 6 × 7 = 126, 70 < D ≤ 160.
    const lec = '[data-test=lec-form]'
    await chooseIn(page, lec, 'L', '3 — 可能，但不经常')
    await chooseIn(page, lec, 'E', '6 — 每天工作时间内暴露')
    await chooseIn(page, lec, 'C', '7 — 严重，重伤')
    let reply = await calculate(page, lec, 'lec')
    assert.deepEqual(JSON.parse(reply.request().postData()), { L: 3, E: 6, C: 7 })
    const lecResult = await reply.json()
    await page.locator('[data-test=lec-D]', { hasText: /^126$/ }).waitFor()
    assert.equal(await page.locator('[data-test=lec-level]').innerText(), '显著危险')
    assert.equal(await page.locator('[data-test=lec-color] .risk-chip').getAttribute('data-color'), lecResult.color)
    assert.match(await page.locator('[data-test=lec-color] .risk-chip').innerText(), /^(红|橙|黄|蓝)色$/, 'the colour is named in words')
    if (lecResult.risk_level) assert.equal(await page.locator('[data-test=lec-risk-level]').innerText(), lecResult.risk_level)
    assert.equal(await page.locator('[data-test=lec-measure]').innerText(), '需要整改')

    // LS (standards.md §3): R = 4 × 5 = 20, picked in the matrix.
    await page.click('[data-test=risk-tab-ls]')
    await page.click('[data-test=ls-cell-4-5]')
    reply = await calculate(page, '[data-test=ls-form]', 'ls')
    assert.deepEqual(JSON.parse(reply.request().postData()), { L: 4, S: 5 })
    const lsResult = await reply.json()
    await page.locator('[data-test=ls-R]', { hasText: /^20$/ }).waitFor()
    assert.equal(await page.locator('[data-test=ls-level]').innerText(), lsResult.level)
    assert.equal(await page.locator('[data-test=ls-color] .risk-chip').getAttribute('data-color'), lsResult.color)

    // Accident grade (条例第三条): 10 serious injuries reach 较大 (以上 includes the number).
    await page.click('[data-test=risk-tab-accident]')
    const accident = '[data-test=accident-form]'
    await typeIn(page, `${accident} [data-field=deaths]`, 2)
    await typeIn(page, `${accident} [data-field=serious_injuries]`, 10)
    await typeIn(page, `${accident} [data-field=loss]`, 0)
    reply = await calculate(page, accident, 'accident-grade')
    assert.deepEqual(JSON.parse(reply.request().postData()), { deaths: 2, serious_injuries: 10, direct_loss_yuan: 0 })
    await page.locator('[data-test=accident-grade]', { hasText: '较大' }).waitFor()

    // GB 18218-2018: chlorine's Q is 5 t, so 5 t gives S = 5/5 = 1, a major hazard.
    await page.click('[data-test=risk-tab-major]')
    const major = '[data-test=major-form]'
    await page.fill(`${major} [data-field="rows.0.substance"] input`, '氯')
    await typeIn(page, `${major} [data-field="rows.0.quantity_t"]`, 5)
    await typeIn(page, `${major} [data-field=people_within_500m]`, 0)
    reply = await calculate(page, major, 'major-hazard')
    assert.equal(reply.status(), 200)
    await page.locator('[data-test=mh-S]', { hasText: /^1$/ }).waitFor()
    assert.equal(await page.locator('[data-test=mh-major]').innerText(), '构成重大危险源')
    // Columns: substance, classes, q, Q (and its table), β (and its table), q/Q.
    const terms = (await page.locator('[data-test=mh-terms] .el-table__body tr').first().locator('td').allInnerTexts()).map((c) => c.trim().split(/\s+/)[0])
    assert.deepEqual([terms[0], terms[2], terms[3], terms[5]], ['氯', '5', '5', '1'], 'q, Q and q/Q of chlorine')
    await mkdir(RESULTS, { recursive: true })
    await page.screenshot({ path: path.join(RESULTS, 'risk-calc.png'), fullPage: true })

    // A substance that is not in Table 1: the server's 422 is shown beside that row.
    await page.click(`${major} [data-test=mh-add]`)
    await page.fill(`${major} [data-field="rows.1.substance"] input`, '不存在的物质E2E')
    await typeIn(page, `${major} [data-field="rows.1.quantity_t"]`, 1)
    reply = await calculate(page, major, 'major-hazard')
    assert.equal(reply.status(), 422)
    const error = (await reply.json()).error
    assert.match(error.field, /^substances\[1\]/)
    const shown = page.locator(`${major} [data-field="rows.1.substance"] .el-form-item__error`)
    await shown.waitFor()
    assert.equal((await shown.innerText()).trim(), error.message)
    assert.equal(await page.locator(`${major} [data-test=mh-result]`).count(), 0, 'no stale result beside the error')
    context.assertNoExternalRequests()
  } finally {
    await context.close()
  }
})

// --- issue 12 §2 and §3: Excel ledgers in Chinese, loading and empty states -----------------
const HEADERS = { 'X-Requested-With': 'lakeguard' }

/** The values of a list validation `'可选值'!$A$2:$A$9` read from its sheet. */
function listValues(wb, formula) {
  const m = /^'?(.+?)'?!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)$/.exec(formula)
  assert.ok(m, `a range formula: ${formula}`)
  const ws = wb.getWorksheet(m[1].replace(/''/g, "'"))
  const out = []
  for (let r = Number(m[3]); r <= Number(m[4]); r++) out.push(ws.getCell(`${m[2]}${r}`).value)
  return out
}

/** YYYYMMDD and YYYY-MM-DD HH:mm in Beijing time. */
function beijing(d) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  )
  return { day: `${parts.year}${parts.month}${parts.day}`, minute: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}` }
}

async function allItems(context, pathAndQuery) {
  const out = []
  for (let p = 1; ; p++) {
    const r = await apiGet(context, `${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}page=${p}&page_size=500`)
    out.push(...r.items)
    if (out.length >= r.total || r.items.length === 0) return out
  }
}

test('ledger: the import template has Chinese headers, 填写说明, dropdowns for enumerated fields and towns, text code columns', async () => {
  const ExcelJS = require('exceljs')
  const context = await newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  await page.goto('/registry/enterprises')
  await page.click('[data-test=import]')
  const download = page.waitForEvent('download')
  await page.click('[data-test=import-template]')
  const file = await download
  assert.equal(file.suggestedFilename(), '企业台账导入模板.xlsx')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(await file.path())
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['企业台账', '填写说明', '可选值'])
  const ws = wb.worksheets[0]
  const header = ws.getRow(1).values.slice(1)
  for (const label of ['名称', '统一社会信用代码', '规模', '使用危化品', '镇街', '村社', '经度', '纬度', '联系电话']) {
    assert.ok(header.includes(label), `header has ${label}: ${header.join(', ')}`)
  }
  assert.ok(!header.some((h) => /^[a-z_0-9]+$/.test(h)), `no raw field keys: ${header.join(', ')}`)
  const col = (label) => header.indexOf(label) + 1
  assert.equal(ws.getColumn(col('统一社会信用代码')).numFmt, '@', 'the credit code column is text')
  assert.equal(ws.getColumn(col('联系电话')).numFmt, '@', 'the phone column is text')
  const rule = (label, row = 2) => ws.getCell(row, col(label)).dataValidation
  assert.equal(rule('规模').type, 'list')
  assert.deepEqual(listValues(wb, rule('规模').formulae[0]), ['规上', '规下', '小微'])
  assert.deepEqual(listValues(wb, rule('使用危化品', 300).formulae[0]), ['是', '否'])
  const towns = (await allItems(context, '/jurisdictions?level=town&sort=code')).map((j) => j.name)
  assert.ok(towns.length > 3)
  assert.deepEqual(listValues(wb, rule('镇街').formulae[0]), towns, 'the town dropdown lists the town names')
  const communities = listValues(wb, rule('村社').formulae[0])
  assert.ok(communities.length > 10, `a community dropdown (${communities.length} names)`)
  assert.equal(rule('名称'), undefined, 'free text has no dropdown')

  const info = wb.getWorksheet('填写说明')
  assert.deepEqual(info.getRow(1).values.slice(1), ['列名', '字段', '含义', '是否必填', '格式', '可选值', '示例'])
  const rows = {}
  info.eachRow((r, n) => n > 1 && r.getCell(2).value && (rows[r.getCell(2).value] = r.values.slice(1)))
  for (const label of header) {
    const r = Object.values(rows).find((x) => x[0] === label)
    assert.ok(r, `填写说明 explains ${label}`)
    assert.ok(r[2] && r[4], `${label}: meaning and format`)
    assert.ok(['必填', '选填'].includes(r[3]), `${label}: required or not`)
  }
  assert.equal(rows.credit_code[3], '必填')
  assert.match(rows.credit_code[2], /GB 32100/)
  assert.equal(rows.industry[3], '选填')
  assert.equal(rows.scale[5], '规上、规下、小微')
  assert.ok(rows.credit_code[6] && rows.lon[6], 'examples')
  context.assertNoExternalRequests()
  await context.close()
})

test('ledger: an import with Chinese headers and town names names a bad row under its Chinese column at its Excel row, then commits', async () => {
  const ExcelJS = require('exceljs')
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const town = (await apiGet(context, `/jurisdictions?code=${TOWN}`)).items[0]
  const communities = (await allItems(context, '/jurisdictions?level=community')).filter((j) => j.parent_code === TOWN)
  const community = communities.find((c) => communities.filter((x) => x.name === c.name).length === 1)
  assert.ok(community, `a community of ${TOWN}`)
  const stamp = Date.now()
  const sheet = async (rows) => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('企业台账')
    // Labels and a key, mixed.
    ws.addRow(['名称', '统一社会信用代码', '规模', '镇街', '村社', 'lon', '纬度', '使用危化品'])
    for (const r of rows) ws.addRow(r)
    return Buffer.from(await wb.xlsx.writeBuffer())
  }
  const goodA = [`E2E中文表头企业A${stamp}`, creditCode(), '规上', town.name, community.name, 120.05, 30.24, '是']
  const goodB = [`E2E中文表头企业B${stamp}`, creditCode(), '小微', town.name, null, 120.06, 30.25, '否']
  await page.goto('/registry/enterprises')
  await page.click('[data-test=import]')
  let dryRun = page.waitForResponse((r) => r.url().includes('/api/v1/enterprises/import'))
  // Excel row 3 is left blank: the bad row is Excel row 4.
  await page.setInputFiles('[data-test=import-file]', {
    name: '企业.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await sheet([goodA, [], [`E2E中文表头企业X${stamp}`, 'NOT-A-CODE', '规下', town.name, null, 120.07, 30.26, '否']]),
  })
  let report = await (await dryRun).json()
  assert.ok(report.errors.some((e) => e.column === 'credit_code'), `the server names credit_code: ${JSON.stringify(report.errors)}`)
  const table = page.locator('[data-test=import-errors]')
  await table.waitFor()
  const cells = (await table.locator('.el-table__body tr').first().locator('td').allInnerTexts()).map((c) => c.trim())
  assert.equal(cells[0], '4', `Excel row 4: ${cells.join(' | ')}`)
  assert.equal(cells[1], '统一社会信用代码')
  assert.doesNotMatch(await table.innerText(), /credit_code|town_code/, 'no raw keys')
  assert.ok(await page.locator('[data-test=import-commit]').isDisabled())

  dryRun = page.waitForResponse((r) => r.url().includes('/api/v1/enterprises/import'))
  await page.setInputFiles('[data-test=import-file]', { name: '企业2.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await sheet([goodA, goodB]) })
  report = await (await dryRun).json()
  assert.deepEqual(report.errors, [])
  const commit = page.waitForResponse((r) => r.url().includes('/api/v1/enterprises/import') && r.url().includes('dry_run=false'))
  await page.click('[data-test=import-commit]')
  assert.equal((await (await commit).json()).committed, true)
  await page.locator('[data-test=import-committed]').waitFor()
  const a = (await apiGet(context, `/enterprises?q=${encodeURIComponent(goodA[0])}`)).items[0]
  const b = (await apiGet(context, `/enterprises?q=${encodeURIComponent(goodB[0])}`)).items[0]
  assert.equal(a.town_code, TOWN, 'the town name became its code')
  assert.equal(a.community_code, community.code, 'the community name became its code')
  assert.equal(a.hazchem_user, true, '是 became true')
  assert.equal(b.hazchem_user, false, '否 became false')
  assert.equal(a.scale, '规上')
  for (const o of [a, b]) await context.request.delete(`/api/v1/enterprises/${o.id}`, { headers: HEADERS })
  context.assertNoExternalRequests()
  await context.close()
})

test('ledger: an export has Chinese headers, 是/否, town names, Beijing time, decimal coordinates, text codes and a 企业台账_YYYYMMDD name; English gives English', async () => {
  const ExcelJS = require('exceljs')
  const context = await newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const town = (await apiGet(context, `/jurisdictions?code=${TOWN}`)).items[0]
  const name = `E2E导出企业${Date.now()}`
  const code = creditCode()
  const created = await context.request.post('/api/v1/enterprises', {
    data: { name, credit_code: code, scale: '规上', town_code: TOWN, lon: 120.123456, lat: 30.234567, hazchem_user: true, contact_phone: '057188880000' },
    headers: HEADERS,
  })
  assert.equal(created.status(), 201, `created: ${await created.text()}`)
  const obj = await created.json()
  try {
    const exportOnce = async () => {
      await page.goto(`/registry/enterprises?q=${encodeURIComponent(name)}`)
      await page.locator('[data-test=row-title]', { hasText: name }).waitFor()
      await page.click('[data-test=export]')
      const download = page.waitForEvent('download')
      await page.locator('[data-test=export-xlsx]:visible').click()
      const file = await download
      const wb = new ExcelJS.Workbook()
      await wb.xlsx.readFile(await file.path())
      const ws = wb.worksheets[0]
      const header = ws.getRow(1).values.slice(1)
      assert.equal(ws.actualRowCount, 2, 'the one enterprise searched for')
      const cell = (label) => {
        const i = header.indexOf(label)
        assert.ok(i >= 0, `a ${label} column: ${header.join(', ')}`)
        return ws.getRow(2).getCell(i + 1)
      }
      return { name: file.suggestedFilename(), header, cell }
    }
    const today = beijing(new Date()).day
    const zh = await exportOnce()
    assert.equal(zh.name, `企业台账_${today}.xlsx`)
    assert.ok(!zh.header.some((h) => /^[a-z_0-9]+$/.test(h)), `no raw keys: ${zh.header.join(', ')}`)
    assert.equal(zh.cell('名称').value, name)
    assert.equal(zh.cell('统一社会信用代码').value, code, 'the credit code as text')
    assert.equal(zh.cell('统一社会信用代码').numFmt, '@')
    assert.equal(zh.cell('联系电话').value, '057188880000', 'a leading zero kept')
    assert.equal(zh.cell('使用危化品').value, '是')
    assert.equal(zh.cell('镇街').value, town.name, 'the town by name')
    assert.equal(zh.cell('经度').value, 120.123456, 'a plain decimal longitude')
    assert.equal(zh.cell('纬度').value, 30.234567)
    assert.equal(zh.cell('更新时间').value, beijing(new Date(obj.updated_at)).minute, 'Beijing time, YYYY-MM-DD HH:mm')
    assert.equal(zh.cell('合成数据').value, '否')

    await page.evaluate(() => localStorage.setItem('lakeguard.locale', 'en'))
    const en = await exportOnce()
    assert.equal(en.name, `Enterprise register_${today}.xlsx`)
    assert.equal(en.cell('Credit code').value, code)
    assert.equal(en.cell('Uses hazchem').value, 'Yes')
    assert.equal(en.cell('Town').value, town.name)
    await page.evaluate(() => localStorage.setItem('lakeguard.locale', 'zh-CN'))
  } finally {
    await context.request.delete(`/api/v1/enterprises/${obj.id}`, { headers: HEADERS })
  }
  context.assertNoExternalRequests()
  await context.close()
})

test('loading: a list total and the 大屏 tiles read "—" until their data arrives, never 0; an empty filtered list offers 清除筛选', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, 'admin')
  const page = await context.newPage()
  const total = (await apiGet(context, '/enterprises?page_size=1')).total
  assert.ok(total > 0)

  // The list request is held until the page has been looked at.
  let release
  const held = new Promise((r) => (release = r))
  const listUrl = /\/api\/v1\/enterprises\?/
  await page.route(listUrl, async (route) => {
    await held
    await route.fallback()
  })
  await page.goto('/registry/enterprises')
  const heading = page.locator('[data-test=list-total]')
  await heading.waitFor()
  const waiting = await heading.innerText()
  assert.match(waiting, /—/, `while loading: ${waiting}`)
  assert.doesNotMatch(waiting, /\d/, 'no number while loading')
  assert.equal(await page.locator('.el-pagination__total').count(), 0, 'the pager shows no total while loading')
  await page.locator('[data-test=list-table] .el-loading-mask').waitFor()
  assert.equal(await page.locator('[data-test=list-empty]').count(), 0, 'no "no data" while loading')
  release()
  await page.locator('[data-test=list-total]', { hasText: String(total) }).waitFor()
  await page.unroute(listUrl)

  await page.goto(`/registry/enterprises?q=${encodeURIComponent(`没有这家企业E2E${Date.now()}`)}&scale=${encodeURIComponent('规上')}`)
  await page.locator('[data-test=list-total]', { hasText: /\b0\b/ }).waitFor()
  await page.locator('[data-test=list-empty]', { hasText: '没有符合筛选条件的记录' }).waitFor()
  await page.click('[data-test=clear-filters]')
  await page.locator('[data-test=list-total]', { hasText: String(total) }).waitFor()
  const url = new URL(page.url())
  assert.ok(!url.searchParams.has('q') && !url.searchParams.has('scale'), `filters cleared: ${url.search}`)
  assert.equal(await page.locator('[data-test=clear-filters]').count(), 0)

  let releaseScreen
  const screenHeld = new Promise((r) => (releaseScreen = r))
  const geoUrl = /\/api\/v1\/enterprises\.geojson/
  await page.route(geoUrl, async (route) => {
    await screenHeld
    await route.fallback()
  })
  await page.goto('/screen')
  const tile = page.locator('[data-test=total-enterprises] .n')
  await tile.waitFor()
  assert.equal((await tile.innerText()).trim(), '—', 'the 大屏 tile before its layer arrives')
  releaseScreen()
  const n = await geojsonCount(context, 'enterprises')
  await page.locator('[data-test=total-enterprises] .n', { hasText: new RegExp(`^${n}$`) }).waitFor()
  await page.unroute(geoUrl)
  context.assertNoExternalRequests()
  await context.close()
})

test(`scope: a record outside town_${TOWN}'s jurisdiction says so once on the page, without an error toast`, async () => {
  const admin = await newContext()
  await apiLogin(admin, 'admin')
  const outside = (await apiGet(admin, '/enterprises?page_size=100')).items.find((o) => o.town_code !== TOWN)
  assert.ok(outside, 'an enterprise of another town')
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  await apiLogin(context, `town_${TOWN}`)
  const page = await context.newPage()
  const reply = page.waitForResponse((r) => r.url().endsWith(`/api/v1/enterprises/${outside.id}`))
  await page.goto(`/registry/enterprises/${outside.id}`)
  assert.ok([403, 404].includes((await reply).status()))
  const message = page.locator('[data-test=record-failed]')
  await message.waitFor()
  assert.match(await message.innerText(), /不在你的管辖范围内/)
  await page.waitForTimeout(800)
  assert.equal(await page.locator('.el-message').count(), 0, 'no toast besides the page message')
  assert.equal(await page.locator('[data-test=record-failed]').count(), 1)
  context.assertNoExternalRequests()
  await context.close()
  await admin.close()
})

test('warnings: the district sees the published sample, its CAP document and the workflow buttons', async () => {
  const context = await newContext()
  try {
    const page = await context.newPage()
    await uiLogin(page, 'district')
    await page.goto('/warnings')
    const sample = page.locator('[data-test=warning-headline]', { hasText: '【示例】' }).first()
    await sample.waitFor()
    await sample.click()
    const link = page.locator('[data-test=warning-xml]')
    await link.waitFor()
    const href = await link.getAttribute('href')
    assert.match(href ?? '', /^\/public\/alerts\/330106\d{8}_\d{14}_\d\.xml$/)
    const res = await context.request.get(href)
    assert.equal(res.status(), 200)
    assert.match(res.headers()['content-type'] ?? '', /^application\/cap\+xml/)
    assert.match(await res.text(), /<status>Exercise<\/status>/)
    // Published: the district may update or cancel it, not approve or publish it again.
    await page.locator('[data-test=warning-update]').waitFor()
    assert.equal(await page.locator('[data-test=warning-approve]').count(), 0)
    context.assertNoExternalRequests()
  } finally {
    await context.close()
  }
})

// --- enterprise risk, risk points, the four-colour map and safety codes (issue 8 item 5) ---------

async function apiPost(context, pathname, data) {
  const r = await context.request.post(`/api/v1${pathname}`, { data, headers: { 'X-Requested-With': 'lakeguard', 'Accept-Language': 'zh-CN' } })
  assert.ok(r.ok(), `POST ${pathname}: HTTP ${r.status()} ${await r.text()}`)
  return r.json()
}

/** A fresh enterprise in TOWN (its risk moves with what the test does, nobody else's). */
async function newEnterprise(context, name) {
  return apiPost(context, '/enterprises', { name, credit_code: creditCode(), scale: '规上', town_code: TOWN, lon: 120.11, lat: 30.26 })
}

/** The console's number: one decimal at most, no trailing zeros (domain/risk.ts formatNumber). */
const oneDecimal = (x) => String(Number(x.toFixed(1)))

async function skipWithoutRisk(context) {
  const r = await context.request.get('/api/v1/risk/enterprises?page_size=1', { headers: { 'X-Requested-With': 'lakeguard' } })
  if (r.status() === 404) skip('GET /api/v1/risk/enterprises answers 404: this server has no enterprise risk yet')
}

/**
 * Reads the risk of TOWN's enterprises once, so that they have a snapshot: `lakeguard demo` loads its
 * data after the risk module's start-up recompute, and the demo load publishes no events, so the
 * four-colour list holds only the enterprises whose risk was read (or changed) since.
 */
async function seedRisk(context) {
  const ids = (await apiGet(context, `/enterprises?town_code=${TOWN}&page_size=500`)).items.map((e) => e.id)
  for (let i = 0; i < ids.length; i += 8) await Promise.all(ids.slice(i, i + 8).map((id) => apiGet(context, `/enterprises/${id}/risk`)))
  return ids.length
}

test('risk tab: an enterprise shows the index, its colour and every factor contribution adding up to it, explained, and the history', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 1000 } })
  try {
    await apiLogin(context, 'district')
    await skipWithoutRisk(context)
    await seedRisk(context)
    const top = (await apiGet(context, '/risk/enterprises?page_size=1')).items[0]
    assert.ok(top, 'the demo has enterprises with a risk index')
    const page = await context.newPage()
    await page.goto(`/registry/enterprises/${top.enterprise_id}?tab=risk`)
    const index = page.locator('[data-test=risk-index]')
    await page.locator('[data-test=risk-factors]').waitFor()
    const risk = await apiGet(context, `/enterprises/${top.enterprise_id}/risk`)
    assert.equal(await index.innerText(), oneDecimal(risk.index), 'the index the server answers')
    assert.equal(await page.locator('[data-test=risk-tab] [data-test=risk-colour]').first().getAttribute('data-color'), risk.colour)
    const rows = page.locator('[data-test=risk-factors] tbody tr')
    assert.equal(await rows.count(), risk.factors.length, 'one row per factor')
    const shown = (await page.locator('[data-test=factor-points]').allInnerTexts()).map(Number)
    assert.deepEqual(shown, risk.factors.map((f) => Number(oneDecimal(f.points))))
    assert.equal(Math.round(shown.reduce((s, x) => s + x, 0) * 10) / 10, risk.index, 'the contributions add up to the index')
    assert.equal(await page.locator('[data-test=risk-sum]').innerText(), oneDecimal(risk.index))
    assert.equal(await page.locator('[data-test=risk-stack] rect[data-factor]').count(), risk.factors.filter((f) => f.points > 0).length, 'a bar segment per contributing factor')
    for (const text of await page.locator('[data-test=factor-explain]').allInnerTexts()) assert.ok(text.trim().length > 4, 'every factor is explained')
    const history = await apiGet(context, `/enterprises/${top.enterprise_id}/risk/history`)
    if (history.items.length) assert.equal(await page.locator('[data-test=risk-history] .el-table__body tr').count(), history.items.length)
    else await page.locator('.risk-tab .el-empty').waitFor()
    await mkdir(RESULTS, { recursive: true })
    await page.screenshot({ path: path.join(RESULTS, 'risk-tab.png'), fullPage: true })
    context.assertNoExternalRequests()
  } finally {
    await context.close()
  }
})

test('risk points: LEC 3/6/7 shows D 126 live and is saved through the form; a value the server refuses is named at its field', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 1000 } })
  try {
    await apiLogin(context, 'district')
    await skipWithoutRisk(context)
    const ent = await newEnterprise(context, `风险点E2E企业${Date.now() % 100000}`)
    const page = await context.newPage()
    await page.goto(`/registry/enterprises/${ent.id}?tab=points`)
    await page.locator('[data-test=risk-points-empty]').waitFor()
    await page.click('[data-test=risk-point-new]')
    const form = '[data-test=risk-point-form]'
    await page.locator(form).waitFor()
    await page.fill(`${form} [data-field=name] input`, '液氯储罐区')
    await chooseIn(page, form, 'L', '3 — 可能，但不经常')
    await chooseIn(page, form, 'E', '6 — 每天工作时间内暴露')
    await chooseIn(page, form, 'C', '7 — 严重，重伤')
    await page.locator('[data-test=preview-score]', { hasText: /^126$/ }).waitFor()
    assert.equal(await page.locator('[data-test=preview-level]').innerText(), '显著危险')
    const created = page.waitForResponse((r) => r.url().endsWith(`/api/v1/enterprises/${ent.id}/risk-points`) && r.request().method() === 'POST')
    await page.click('[data-test=risk-point-save]')
    const reply = await created
    assert.equal(reply.status(), 201)
    const body = JSON.parse(reply.request().postData())
    assert.deepEqual([body.method, body.L, body.E, body.C, body.S], ['LEC', 3, 6, 7, undefined])
    await page.locator('[data-test=risk-points-table] [data-test=point-score]', { hasText: /^126$/ }).waitFor()
    const point = await reply.json()

    // The risk tab follows: its worst risk point is this one.
    await page.click('.el-tabs__item#tab-risk')
    await page.locator('[data-test=risk-factors]').waitFor()
    const risk = await apiGet(context, `/enterprises/${ent.id}/risk`)
    assert.equal(risk.factors.find((f) => f.factor === 'worst_risk_point').value, point.colour)
    await page.locator('[data-test=risk-index]', { hasText: new RegExp(`^${oneDecimal(risk.index).replace('.', '\\.')}$`) }).waitFor()

    // The selects offer table values only; a value outside the table (here put into the request on
    // its way) is refused by the server, and its 422 is shown beside that select.
    await page.click('.el-tabs__item#tab-points')
    await page.click('[data-test=risk-point-new]')
    await page.fill(`${form} [data-field=name] input`, '不在表中的 L')
    await chooseIn(page, form, 'L', '3 — 可能，但不经常')
    await chooseIn(page, form, 'E', '6 — 每天工作时间内暴露')
    await chooseIn(page, form, 'C', '7 — 严重，重伤')
    await page.locator('[data-test=preview-score]', { hasText: /^126$/ }).waitFor()
    await page.route('**/api/v1/enterprises/*/risk-points', (route) =>
      route.request().method() === 'POST'
        ? route.continue({ postData: JSON.stringify({ ...JSON.parse(route.request().postData()), L: 4 }) })
        : route.continue(),
    )
    const refused = page.waitForResponse((r) => r.url().endsWith(`/api/v1/enterprises/${ent.id}/risk-points`) && r.request().method() === 'POST')
    await page.click('[data-test=risk-point-save]')
    const bad = await refused
    assert.equal(bad.status(), 422)
    const error = (await bad.json()).error
    assert.equal(error.field, 'L')
    const at = page.locator(`${form} [data-field=L] .el-form-item__error`)
    await at.waitFor()
    assert.equal((await at.innerText()).trim(), error.message)
    await page.unroute('**/api/v1/enterprises/*/risk-points')
    assert.equal((await apiGet(context, `/enterprises/${ent.id}/risk-points`)).total, 1, 'nothing written')
    context.assertNoExternalRequests()
  } finally {
    await context.close()
  }
})

test('four-colour map: the 四色图 layer toggles on and off with a legend of the API counts; the town view filters the list (screenshot test-results/risk-map.png)', async () => {
  const context = await newContext({ viewport: { width: 1600, height: 1000 } })
  try {
    await apiLogin(context, 'district')
    await skipWithoutRisk(context)
    assert.ok((await seedRisk(context)) > 0, `the demo has enterprises in ${TOWN}`)
    const all = []
    for (let p = 1; ; p++) {
      const r = await apiGet(context, `/risk/enterprises?page=${p}&page_size=500`)
      all.push(...r.items)
      if (!r.items.length || all.length >= r.total) break
    }
    const page = await context.newPage()
    await page.goto('/map')
    await waitForMap(page)
    assert.equal(await page.evaluate(() => window.__lakeguardMap.riskVisible()), false, 'off at first')
    await page.click('[data-test=layer-toggle-risk]')
    await page.waitForFunction(() => window.__lakeguardMap.layerCounts().risk !== undefined && window.__lakeguardMap.riskVisible())
    const placed = all.filter((it) => typeof it.lon === 'number' && typeof it.lat === 'number').length
    assert.ok(placed > 0, 'the list carries points')
    assert.equal(await page.evaluate(() => window.__lakeguardMap.layerCounts().risk), placed)
    await page.waitForFunction(() => !!window.__lakeguardMap.map.getLayer('risk-points') && window.__lakeguardMap.map.getLayoutProperty('risk-points', 'visibility') === 'visible')
    for (const c of ['red', 'orange', 'yellow', 'blue']) {
      assert.equal(await page.locator(`[data-test=risk-count-${c}]`).innerText(), String(all.filter((it) => it.colour === c).length), `${c} in the legend`)
    }
    await page.waitForTimeout(800)
    await mkdir(RESULTS, { recursive: true })
    await page.screenshot({ path: path.join(RESULTS, 'risk-map.png') })
    await page.click('[data-test=layer-toggle-risk]')
    await page.waitForFunction(() => !window.__lakeguardMap.riskVisible() && window.__lakeguardMap.map.getLayoutProperty('risk-points', 'visibility') === 'none')
    assert.equal(await page.locator('[data-test=risk-legend]').count(), 0, 'the legend goes with the layer')

    // The town view: a count per colour per town; clicking one lists exactly those enterprises.
    await page.goto('/risk/towns')
    const row = page.locator(`[data-test=risk-town-table] tbody tr[data-town="${TOWN}"]`)
    await row.waitFor()
    const inTown = all.filter((it) => it.town_code === TOWN)
    const colour = ['red', 'orange', 'yellow', 'blue'].find((c) => inTown.some((it) => it.colour === c))
    assert.ok(colour, `the demo has enterprises in ${TOWN}`)
    const cell = page.locator(`[data-test=town-cell-${TOWN}-${colour}]`)
    const expected = inTown.filter((it) => it.colour === colour).length
    assert.equal((await cell.innerText()).trim(), String(expected))
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/risk/enterprises') && r.url().includes(`colour=${colour}`) && r.url().includes(`town=${TOWN}`))
    await cell.click()
    const reply = await (await listed).json()
    assert.equal(reply.total, expected)
    await page.locator('[data-test=risk-list-total]', { hasText: new RegExp(`\\b${expected}\\b`) }).waitFor()
    for (const it of reply.items.slice(0, 3)) await page.locator('[data-test=risk-list]', { hasText: it.name }).waitFor()
    context.assertNoExternalRequests()
  } finally {
    await context.close()
  }
})

test('safety codes: the code tab and the printable card show the QR image the server draws (screenshot test-results/code-card.png)', async () => {
  const context = await newContext({ viewport: { width: 1200, height: 1000 } })
  try {
    await apiLogin(context, 'district')
    const ent = (await apiGet(context, '/enterprises?page_size=1&sort=name')).items[0]
    const code = await apiGet(context, `/enterprises/${ent.id}/code`)
    const page = await context.newPage()
    await page.goto(`/registry/enterprises/${ent.id}?tab=code`)
    const png = page.waitForResponse((r) => r.url().includes(`/api/v1/enterprises/${ent.id}/code.png`))
    await page.locator('[data-test=code-qr]').waitFor()
    assert.equal((await png).headers()['content-type'], 'image/png')
    assert.equal(await page.locator('[data-test=code-tab] [data-test=code-colour]').getAttribute('data-color'), code.colour)

    await page.goto(`/codes/print/enterprise/${ent.id}`)
    const qr = page.locator('[data-test=card-qr]')
    await qr.waitFor()
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-test=card-qr]')
      return img && img.complete && img.naturalWidth > 0
    })
    const { width, height } = await qr.evaluate((img) => ({ width: img.naturalWidth, height: img.naturalHeight }))
    assert.ok(width > 50 && width === height, `a square QR image (${width}×${height})`)
    assert.equal(await page.locator('[data-test=card-name]').innerText(), code.name)
    assert.equal(await page.locator('[data-test=card-colour]').getAttribute('data-color'), code.colour)
    assert.match(await page.locator('[data-test=card-issued]').innerText(), /^\d{4}-\d{2}-\d{2}$/)
    assert.equal((await page.locator('[data-test=card-code]').innerText()).replace(/\s/g, ''), code.token.toUpperCase())
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('[data-test=print-button]').isVisible(), false, 'the controls are not printed')
    await mkdir(RESULTS, { recursive: true })
    await page.screenshot({ path: path.join(RESULTS, 'code-card.png'), fullPage: true })
    context.assertNoExternalRequests()
  } finally {
    await context.close()
  }
})

test('duty: a town sees only its own week of rota; the outgoing leader hands over and the incoming officer acknowledges; the screen shows who is on duty (screenshot test-results/duty-calendar.png)', async () => {
  const context = await newContext({ viewport: { width: 1440, height: 900 } })
  try {
    const page = await context.newPage()
    const probe = await context.request.get('/api/v1/duty/now')
    if (probe.status() === 404) skip('no duty rota on this server')
    await uiLogin(page, `town_${TOWN}`)
    await page.goto('/duty')
    await page.waitForSelector(`[data-test=duty-row-${TOWN}] [data-test^=duty-shift-]`)
    // Only the town's own unit: one row, its shifts synthetic, no flags in the demo rota.
    assert.equal(await page.locator('[data-test^=duty-row-]').count(), 1)
    assert.ok((await page.locator(`[data-test=duty-row-${TOWN}] [data-test^=duty-shift-]`).count()) >= 6)
    assert.equal(await page.locator('[data-test=duty-flag]').count(), 0)
    await mkdir(RESULTS, { recursive: true })
    await page.screenshot({ path: path.join(RESULTS, 'duty-calendar.png'), fullPage: true })

    // Two consecutive shifts of the town around now: the first one's leader hands over to the
    // second. A log entry's time is now and must lie in its shift (docs/duty.md), so it goes to
    // the shift on duty now: the incoming one, or the outgoing one early on Monday, before the
    // week's first hand-over (the demo rota starts the day before Monday).
    const rota = await apiGet(context, '/duty/shifts')
    const mine = rota.items.filter((s) => s.unit_code === TOWN).sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))
    const nowMs = Date.now()
    const current = mine.findIndex((s) => Date.parse(s.starts_at) <= nowMs && nowMs < Date.parse(s.ends_at))
    assert.ok(current >= 0, 'a shift of the town is on duty now')
    const first = current > 0 ? current - 1 : 0
    const [outgoing, incoming] = [mine[first], mine[first + 1]]
    assert.ok(outgoing && incoming, 'two shifts this week')
    const addLog = async (p) => {
      await p.fill('[data-test=duty-log-text] input', '接报：某小区地下车库进水')
      await p.click('[data-test=duty-log-add]')
      await p.waitForFunction(() => document.querySelector('[data-test=duty-log]')?.textContent?.includes('地下车库进水'))
    }
    const leader = outgoing.people.find((p) => p.role === 'leader')
    const taker = incoming.people.find((p) => p.user_id !== leader.user_id)
    await context.clearCookies()
    await apiLogin(context, 'admin')
    const accounts = await apiGet(context, '/users')
    const usernameOf = (id) => (accounts.items ?? accounts).find((u) => u.id === id).username
    await context.clearCookies()

    const leaderPage = await context.newPage()
    await uiLogin(leaderPage, usernameOf(leader.user_id))
    await leaderPage.goto(`/duty/shifts/${outgoing.id}`)
    await leaderPage.fill('[data-test=duty-open-items] textarea', '留下街道积水点待复查')
    await leaderPage.fill('[data-test=duty-notes] textarea', '夜间平稳，无突发事件。')
    await leaderPage.click('[data-test=duty-write-handover]')
    await leaderPage.waitForSelector('[data-test=duty-handover]')
    if (current === 0) await addLog(leaderPage)
    await context.clearCookies()

    const takerPage = await context.newPage()
    await uiLogin(takerPage, usernameOf(taker.user_id))
    await takerPage.goto(`/duty/shifts/${incoming.id}`)
    await takerPage.waitForSelector('[data-test=duty-handover-received]')
    assert.match(await takerPage.locator('[data-test=duty-handover-received]').innerText(), /留下街道积水点待复查/)
    await takerPage.click('[data-test=duty-acknowledge]')
    await takerPage.waitForFunction(() => document.querySelector('[data-test=duty-handover-state]')?.textContent?.includes('已确认接班'))
    // The duty log takes an entry (on the shift on duty now).
    if (current > 0) await addLog(takerPage)

    // The screen shows who is on duty now for the town.
    await takerPage.goto('/screen')
    await takerPage.waitForSelector(`[data-test=screen-duty-${TOWN}]`)
    const now = await apiGet(context, '/duty/now')
    const row = now.items.find((r) => r.unit_code === TOWN)
    const lead = row.people.find((p) => p.role === 'leader')
    assert.ok(lead, 'a leader is on duty now')
    assert.match(await takerPage.locator(`[data-test=screen-duty-${TOWN}]`).innerText(), new RegExp(lead.name.replace(/[()（）]/g, '.')))
    context.assertNoExternalRequests()
  } finally {
    await context.close()
  }
})

// --- 掌上执法: the inspector's phone pages (issue 10 items 4–5) -----------------------------

test('inspections on a phone (390×844): task list, one card per item with ≥ 44 px targets, finding → hidden danger, complete, the record', async () => {
  const office = await newContext()
  const context = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  try {
    await apiLogin(office, 'district')
    const probe = await office.request.get('/api/v1/inspections/templates', { headers: { 'X-Requested-With': 'lakeguard' } })
    if (probe.status() === 404) skip('GET /api/v1/inspections/templates answers 404: this server has no inspection tasks yet')
    const template = (await probe.json()).items[0]
    const inspector = await apiLogin(context, 'inspector')
    await context.clearCookies() // the phone signs in through the login page below
    const ent = (await apiGet(office, `/enterprises?town_code=${TOWN}&page_size=1&sort=name`)).items[0]
    const task = await apiPost(office, '/inspections/tasks', { template_id: template.id, enterprise_id: ent.id, inspector_ids: [inspector.id] })

    const page = await context.newPage()
    await uiLogin(page, 'inspector')
    await page.goto('/inspections/tasks')
    const card = page.locator(`[data-task="${task.id}"]`)
    await card.waitFor()
    await noHorizontalOverflow(page)
    await card.click()
    await page.waitForURL((u) => u.pathname === `/inspections/tasks/${task.id}`)
    await page.locator('[data-action=start]').click()
    await page.locator('[data-seq="1"] [data-result=fail]:not([disabled])').waitFor()
    await noHorizontalOverflow(page)

    // Every tap target of an item card is at least 44 px high.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('.item-card button, .item-card label.tool, .item-card textarea')]
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.height < 44 || r.width < 44).length,
    )
    assert.equal(small, 0, `${small} tap targets smaller than 44 px`)
    assert.equal(await page.locator('[data-seq="1"] input[type=file][capture=environment]').count(), 1, 'a camera input')

    const n = template.items.length
    for (let seq = 1; seq <= n; seq++) {
      const item = page.locator(`[data-seq="${seq}"]`)
      await item.locator(`[data-result=${seq === 1 ? 'fail' : 'pass'}]`).click()
      if (seq === 1) await item.locator('textarea').fill('现场发现：安全警示标志缺失')
      const saved = page.waitForResponse((r) => r.url().endsWith(`/inspections/tasks/${task.id}/items/${seq}`) && r.request().method() === 'PUT')
      await item.locator('[data-save]').click()
      assert.equal((await saved).status(), 200, `item ${seq} saved`)
    }
    const made = page.waitForResponse((r) => r.url().endsWith(`/inspections/tasks/${task.id}/items/1/hazard`))
    await page.locator('[data-seq="1"] [data-to-hazard]').click()
    const hazard = await (await made).json()
    assert.equal(hazard.source, 'inspection')
    assert.equal(hazard.enterprise_id, ent.id)
    assert.match(hazard.description, /安全警示标志缺失/)
    await page.locator('[data-seq="1"] .hazard').waitFor()

    await page.locator('[data-action=complete]').click()
    await page.locator('.status[data-status=completed]').waitFor()
    assert.equal((await apiGet(office, `/inspections/tasks/${task.id}`)).status, 'completed')
    const href = await page.locator('[data-report]').getAttribute('href')
    const report = await page.context().request.get(href)
    assert.equal(report.status(), 200)
    assert.match(await report.text(), /现场检查记录/)
    await mkdir(RESULTS, { recursive: true })
    await page.screenshot({ path: path.join(RESULTS, 'inspection-phone.png'), fullPage: true })
    context.assertNoExternalRequests()
  } finally {
    await context.close()
    await office.close()
  }
})

// --- hidden dangers and 双随机 in the console (issue 10 item 5) -------------------------------

/** A 1×1 PNG (signature + IHDR: what the server's sniffing accepts). */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

async function skipWithout(context, pathAndQuery, what) {
  const r = await context.request.get(`/api/v1${pathAndQuery}`, { headers: { 'X-Requested-With': 'lakeguard' } })
  if (r.status() === 404) skip(`GET /api/v1${pathAndQuery} answers 404: this server has no ${what} yet`)
}

/** Opens a hidden danger's page, runs one workflow action through its dialog, waits for the new status. */
async function hazardAction(page, id, action, fill, statusText) {
  await page.goto(`/hazards/${id}`)
  await page.click(`[data-test=hazard-action-${action}]`)
  const dialog = page.locator('[data-test=hazard-action-dialog]')
  await dialog.waitFor()
  if (fill) await fill(dialog)
  await page.click('[data-test=hazard-action-send]')
  if (statusText) await page.locator('h1 [data-test=hazard-status]', { hasText: statusText }).waitFor()
}

test('hazards: an enterprise self-check is reported, confirmed by its town (a past deadline named at the field), rectified with a photo, accepted by the district; the timeline has every step', async () => {
  const admin = await newContext()
  await apiLogin(admin, 'admin')
  await skipWithout(admin, '/hazards?page_size=1', 'hidden dangers')
  const entUser = (await apiGet(admin, '/users?page_size=500')).items.find((u) => u.role === 'enterprise_user')
  assert.ok(entUser, 'the demo has an enterprise user')
  const enterprise = await apiGet(admin, `/enterprises/${entUser.enterprise_id}`)
  await admin.close()

  // 1. The enterprise user reports a self-check (its only source) from the 隐患 menu.
  const ent = await newContext()
  const page = await ent.newPage()
  await uiLogin(page, entUser.username)
  await page.click('[data-test=nav-hazards]')
  await page.waitForURL('**/hazards')
  await page.click('[data-test=hazard-report]')
  const text = `e2e 隐患 ${Date.now()}：储罐区消防通道堵塞`
  await page.fill('[data-field=description] textarea', text)
  await page.fill('[data-field=location] input', '储罐区东侧')
  await page.click('[data-test=hazard-report-submit]')
  await page.waitForURL(/\/hazards\/\d+$/)
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  await page.locator('h1 [data-test=hazard-status]', { hasText: '已上报' }).waitFor()
  // An enterprise may not confirm: the console offers no confirm button.
  assert.equal(await page.locator('[data-test=hazard-action-confirm]').count(), 0, 'no confirm for an enterprise user')

  // 2. The town officer confirms it; a past deadline is refused by the server at the deadline field.
  const town = await newContext()
  const tpage = await town.newPage()
  await uiLogin(tpage, `town_${enterprise.town_code}`)
  await tpage.goto('/hazards?status=reported')
  await tpage.locator('[data-test=hazard-description]', { hasText: text }).waitFor()
  await hazardAction(tpage, id, 'confirm', async () => {
    await tpage.fill('[data-field=deadline] input', '2020-01-01')
  })
  const fieldError = tpage.locator('[data-test=hazard-action-dialog] [data-field=deadline] .el-form-item__error')
  await fieldError.waitFor()
  assert.ok((await fieldError.textContent()).trim().length > 0, 'the 422 is shown at the deadline field')
  // Without a deadline, 一般 gets the default 30 days.
  await tpage.locator('[data-field=deadline] input').fill('')
  await tpage.click('[data-test=hazard-action-send]')
  await tpage.locator('h1 [data-test=hazard-status]', { hasText: '整改中' }).waitFor()
  const deadline = (await tpage.locator('.el-descriptions [data-test=hazard-deadline]').textContent()).trim()
  assert.match(deadline, /^\d{4}-\d{2}-\d{2} · 剩 30 天$/, `deadline shown as ${deadline}`)

  // 3. The enterprise submits the evidence: a note and a photo uploaded as the raw body.
  await hazardAction(page, id, 'submit', async (dialog) => {
    await dialog.locator('[data-field=note] textarea').fill('已清理通道并设置禁停标识')
    await page.setInputFiles('[data-test=hazard-photo-input]', { name: 'evidence.png', mimeType: 'image/png', buffer: PNG_1X1 })
    await dialog.locator('[data-test=hazard-evidence-photo]').waitFor()
  }, '待验收')
  await page.locator('[data-test=hazard-photos] img').first().waitFor()

  // 4. The district accepts it: 销号. An enterprise sees no accept button; a repeated accept is a 409.
  const district = await newContext()
  const dpage = await district.newPage()
  await uiLogin(dpage, 'district')
  await hazardAction(dpage, id, 'accept', null, '已销号')
  const steps = await dpage.locator('[data-test=hazard-timeline] [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
  assert.deepEqual(steps, ['report', 'confirm', 'submit', 'accept'], `timeline: ${steps}`)
  assert.ok((await dpage.locator('[data-test=timeline-photo]').count()) >= 1, 'the photo is in the timeline')
  const detail = await apiGet(district, `/hazards/${id}`)
  assert.equal(detail.status, 'closed')
  assert.equal(detail.photos.length, 1)
  assert.deepEqual(detail.actions.find((a) => a.action === 'submit').payload.photos, [detail.photos[0].hash])
  // The reopen form is offered to the district only.
  assert.equal(await dpage.locator('[data-test=hazard-action-reopen]').count(), 1)
  await page.goto(`/hazards/${id}`)
  await page.locator('h1 [data-test=hazard-status]', { hasText: '已销号' }).waitFor()
  assert.equal(await page.locator('[data-test=hazard-action-reopen]').count(), 0)
  await dpage.screenshot({ path: path.join(RESULTS, 'hazard-detail.png'), fullPage: true })
  for (const c of [ent, town, district]) {
    c.assertNoExternalRequests()
    await c.close()
  }
})

test('hazards: a 重大 one is offered no confirm before its remediation plan; the plan form is checked at its fields; the list filters and 清除筛选; the board and statistics read "—" then the API counts', async () => {
  const context = await newContext()
  await apiLogin(context, 'district')
  await skipWithout(context, '/hazards?page_size=1', 'hidden dangers')
  const e = (await apiGet(context, `/enterprises?town_code=${TOWN}&page_size=1`)).items[0]
  const made = await apiPost(context, '/hazards', { enterprise_id: e.id, description: `e2e 重大隐患 ${Date.now()}`, class: '重大', source: 'inspection' })
  const page = await context.newPage()
  await page.goto(`/hazards/${made.id}`)
  await page.locator('[data-test=hazard-plan-first]').waitFor()
  // Without a plan the server allows no confirm, and the console offers none.
  await page.locator('[data-test=hazard-action-plan]').waitFor()
  assert.equal(await page.locator('[data-test=hazard-action-confirm]').count(), 0, 'no confirm before the plan')
  // The plan form: a blank required field is named before anything is sent; then the plan is saved.
  await hazardAction(page, made.id, 'plan', async (dialog) => {
    await dialog.locator('[data-field=measures] textarea').fill('停用并更换泄漏阀门')
    await page.click('[data-test=hazard-action-send]')
    await dialog.locator('[data-field=responsible] .el-form-item__error').waitFor()
    await dialog.locator('[data-field=responsible] input').fill('张安全')
    await dialog.locator('[data-field=funds_yuan] input').fill('50000')
    await dialog.locator('[data-field=deadline] input').fill(new Date(Date.now() + 68 * 86_400_000).toISOString().slice(0, 10))
    await dialog.locator('[data-field=interim_measures] textarea').fill('设置警戒区，每班巡检')
  })
  await page.locator('[data-test=hazard-action-dialog]').waitFor({ state: 'hidden' })
  await page.locator('[data-test=hazard-plan] .el-descriptions').waitFor()
  assert.equal((await apiGet(context, `/hazards/${made.id}`)).plan.responsible, '张安全')
  await page.locator('[data-test=hazard-plan-first]').waitFor({ state: 'detached' })
  await page.locator('[data-test=hazard-action-confirm]').waitFor()

  // The list: a filter that matches nothing offers 清除筛选, which brings the rows back.
  await page.goto('/hazards?status=closed&class=重大&enterprise_id=999999999')
  await page.locator('[data-test=list-empty-filtered]').waitFor()
  await page.click('[data-test=clear-filters]')
  await page.waitForURL((u) => u.search === '')
  await page.locator('[data-test=hazard-table] tbody tr').first().waitFor()
  const listTotal = (await apiGet(context, '/hazards?page_size=1')).total
  assert.equal((await page.locator('[data-test=list-total]').textContent()).replace(/\D/g, ''), String(listTotal))

  // Statistics and the overdue board: the API's counts.
  const stats = await apiGet(context, '/hazards/stats')
  await page.click('[data-test=nav-hazard-stats]')
  await page.locator('[data-test=stat-total]', { hasText: String(stats.total) }).waitFor()
  const closedBar = await page.locator('[data-test=chart-status] [data-test=bar][data-key=closed]').getAttribute('data-value')
  assert.equal(Number(closedBar), stats.by_status.closed)
  await page.click('[data-test=nav-hazard-board]')
  await page.locator('[data-test=overdue-board]').waitFor()
  await page.locator('[data-test=list-total]:not(:has-text("—"))').waitFor()
  const overdue = (await apiGet(context, '/hazards?overdue=true&page_size=1')).total
  assert.match(await page.locator('[data-test=list-total]').textContent(), new RegExp(`逾期 ${overdue} 条`))
  context.assertNoExternalRequests()
  await context.close()
})

test('双随机: a draw shows its commitment and pools before the reveal, takes a witness, reveals, and verifies in the browser (sha256 recomputed here too)', async () => {
  const context = await newContext()
  await apiLogin(context, 'district')
  await skipWithout(context, '/inspections/draws?page_size=1', 'random draws')
  const page = await context.newPage()
  await page.goto('/map')
  await page.click('[data-test=nav-draws]')
  await page.waitForURL('**/inspections/draws')
  await page.click('[data-test=draw-create]')
  await page.fill('[data-field=title] input', `e2e 抽取 ${Date.now()}`)
  await page.fill('[data-field=k] input', '2')
  await page.fill('[data-field=m] input', '2')
  await page.click('[data-test=draw-submit]')
  await page.waitForURL(/\/inspections\/draws\/\d+$/)
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  // Before the reveal: the commitment, no seed, no selection.
  const commitment = (await page.locator('[data-test=draw-commitment]').textContent()).trim()
  assert.match(commitment, /^[0-9a-f]{64}$/)
  assert.equal(await page.locator('[data-test=draw-seed]').count(), 0)
  assert.ok((await page.locator('[data-test=draw-pool-inspectors] li').count()) >= 2)
  // The reveal is refused without a witness (the server's 409, shown on the page).
  await page.click('[data-test=draw-reveal]')
  await page.click('.el-message-box__btns .el-button--primary')
  await page.locator('[data-test=draw-action-error]').waitFor()
  // A witness, then the reveal.
  await page.fill('[data-field=name] input', '区纪委监督员')
  await page.fill('[data-field=entropy] input', `e2e 现场文字 ${Date.now()}`)
  await page.click('[data-test=witness-add]')
  await page.locator('[data-test=draw-witness]').first().waitFor()
  await page.click('[data-test=draw-reveal]')
  await page.click('.el-message-box__btns .el-button--primary')
  await page.locator('[data-test=draw-verification][data-ok=true]').waitFor()
  assert.equal(await page.locator('[data-test=draw-verification] [data-ok=false]').count(), 0)

  // An independent check with node's crypto: the seed matches the commitment shown before.
  const { createHash } = await import('node:crypto')
  const d = await apiGet(context, `/inspections/draws/${id}`)
  const seed = (await page.locator('[data-test=draw-seed]').textContent()).trim()
  assert.equal(seed, d.seed)
  assert.equal(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'), commitment)
  const final = createHash('sha256').update([seed, ...d.witnesses.map((w) => w.entropy)].join(':'), 'utf8').digest('hex')
  assert.equal(final, d.final_seed)
  const shown = await page.locator('[data-test=draw-selected-enterprises] li').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))))
  const expected = d.pool_enterprises
    .map((e) => ({ id: e.id, key: createHash('sha256').update(`${final}:e:${e.id}`).digest('hex') }))
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .slice(0, 2)
    .map((e) => e.id)
  assert.deepEqual(shown, expected)
  // The public verification page is linked and answers without a session.
  const href = await page.locator('[data-test=draw-verification] [data-test=draw-public-verify]').getAttribute('href')
  const anon = await newContext()
  const r = await anon.request.get(href)
  assert.equal(r.status(), 200)
  await page.screenshot({ path: path.join(RESULTS, 'draw-verified.png'), fullPage: true })
  context.assertNoExternalRequests()
  await context.close()
  await anon.close()
})

// --- the offline base map, one cluster by type, English map chrome (issue 12 items 1 and 6) ---

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/

test('base map: one cluster source drawn by type, icons per type, colour by mode, hover names, labels from z15, empty search; every request to 127.0.0.1 (screenshot test-results/map-basemap.png)', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 } })
  try {
    await apiLogin(context, 'admin')
    const page = await context.newPage()
    const requests = []
    page.on('request', (r) => requests.push(r.url()))
    const basemap = page.waitForResponse((r) => new URL(r.url()).pathname === '/basemap/osm.geojson')
    await page.goto('/map')
    await waitForMap(page)
    // The demo's web root has no converted extract: a 404 on our own origin, and the panel says so.
    assert.equal((await basemap).status(), 404)
    await page.locator('[data-test=basemap-note]').waitFor()
    assert.match(await page.locator('[data-test=basemap-note]').innerText(), /\/basemap\/osm\.geojson/)

    const style = await page.evaluate(() => {
      const m = window.__lakeguardMap.map
      const st = m.getStyle()
      return {
        clustered: Object.entries(st.sources).filter(([, s]) => s.cluster).map(([id]) => id),
        layers: st.layers.map((l) => l.id),
        tiles: Object.values(st.sources).filter((s) => s.type === 'raster' || s.type === 'vector').length,
        images: m.listImages(),
      }
    })
    assert.deepEqual(style.clustered, ['points'], 'one clustered source for every type')
    assert.equal(style.tiles, 0, 'no tile source')
    for (const l of LAYERS) assert.ok(style.images.includes(`icon-${l}`), `an icon for ${l}`)
    assert.ok(style.layers.indexOf('town-labels') > style.layers.indexOf('points-cluster-count'), 'town labels above the clusters')

    // Clusters are drawn at the district view, each counting its objects by type.
    await page.waitForFunction(() => window.__lakeguardMap.map.queryRenderedFeatures({ layers: ['points-clusters'] }).length > 0, null, { timeout: 20_000 })
    const cl = await page.evaluate(() => window.__lakeguardMap.map.queryRenderedFeatures({ layers: ['points-clusters'] })[0].properties)
    const byType = ['enterprises', 'shelters', 'warehouses', 'teams', 'devices', 'cameras', 'stations'].reduce((a, l) => a + cl[`n_${l}`], 0)
    assert.equal(byType, cl.point_count, 'the counts by type add up to the cluster')

    // The cluster colour follows the chosen colouring.
    assert.match(JSON.stringify(await page.evaluate(() => window.__lakeguardMap.map.getPaintProperty('points-clusters', 'circle-color'))), /n_above/)
    await page.locator('.el-radio-button', { hasText: '按危化品使用' }).click()
    await page.waitForFunction(() => JSON.stringify(window.__lakeguardMap.map.getPaintProperty('points-clusters', 'circle-color')).includes('n_hazchem'))
    assert.match(JSON.stringify(await page.evaluate(() => window.__lakeguardMap.map.getLayoutProperty('points-icons', 'icon-image'))), /hazchem/)

    // Switching a type off takes it out of the clusters.
    await page.click('[data-test=layer-toggle-cameras]')
    await page.waitForFunction(() => {
      const fs = window.__lakeguardMap.map.querySourceFeatures('points')
      return fs.length > 0 && fs.every((f) => (f.properties.cluster ? f.properties.n_cameras === 0 : f.properties.kind !== 'cameras'))
    }, null, { timeout: 10_000 })
    await page.click('[data-test=layer-toggle-cameras]')

    // At zoom 16 on a shelter: its icon, its name as a label, and on hover.
    const shelter = (await apiGet(context, '/shelters?page_size=1&sort=name')).items[0]
    await page.evaluate(([lon, lat]) => window.__lakeguardMap.map.jumpTo({ center: [lon, lat], zoom: 16.5 }), [shelter.lon, shelter.lat])
    await page.waitForFunction((name) => {
      const m = window.__lakeguardMap.map
      return m.queryRenderedFeatures({ layers: ['points-labels'] }).some((f) => f.properties.name === name)
    }, shelter.name, { timeout: 20_000 })
    const box = await page.locator('[data-test=map]').boundingBox()
    const at = await page.evaluate(([lon, lat]) => window.__lakeguardMap.map.project([lon, lat]), [shelter.lon, shelter.lat])
    await page.mouse.move(box.x + at.x + 3, box.y + at.y + 3)
    await page.mouse.move(box.x + at.x, box.y + at.y, { steps: 3 })
    await page.locator('.lg-map-hover', { hasText: shelter.name }).waitFor({ timeout: 10_000 })
    assert.match(await page.locator('.lg-map-hover').innerText(), /避灾安置场所/)
    await mkdir(RESULTS, { recursive: true })
    await page.screenshot({ path: path.join(RESULTS, 'map-basemap.png') })

    // A search that finds nothing says so.
    await page.fill('[data-test=map-search] input, input[data-test=map-search]', 'zz-无此对象-zz')
    await page.locator('[data-test=map-search-empty]', { hasText: 'zz-无此对象-zz' }).waitFor()

    const offsite = requests.filter((u) => /^(https?|wss?):/.test(u) && !isLocal(new URL(u).hostname))
    assert.deepEqual(offsite, [], 'no request leaves 127.0.0.1')
    assert.ok(requests.length > 10 && requests.every((u) => !/^https?:/.test(u) || new URL(u).hostname === baseHost), 'every request went to the console origin')
    context.assertNoExternalRequests()
  } finally {
    await context.close()
  }
})

test('map in English: no Chinese text left in the map page chrome (data names aside); one name for jurisdictions in menu and title', async () => {
  const context = await newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' })
  try {
    await apiLogin(context, 'admin')
    const page = await context.newPage()
    await page.addInitScript(() => localStorage.setItem('lakeguard.locale', 'en'))
    await page.goto('/map')
    await waitForMap(page)
    await page.locator('[data-test=basemap-note]').waitFor()
    const chrome = await page.evaluate(() => {
      const text = (sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent ?? '').join(' | ')
      return {
        nav: text('[data-test=nav]'),
        brand: text('.brand-text'),
        panel: text('[data-test=layer-panel]'),
        tools: text('.top-left .tools'),
        placeholder: document.querySelector('[data-test=map-search] input, input[data-test=map-search]')?.getAttribute('placeholder') ?? '',
        attribution: text('.maplibregl-ctrl-attrib'),
        controls: [...document.querySelectorAll('.maplibregl-ctrl button')].map((b) => b.getAttribute('title') ?? '').join(' | '),
      }
    })
    for (const [where, t] of Object.entries(chrome)) assert.doesNotMatch(t, CJK, `${where}: "${t.match(new RegExp(`.{0,20}${CJK.source}.{0,20}`))?.[0]}"`)
    assert.match(chrome.attribution, /Vonng\/adcode/)
    assert.match(chrome.panel, /Shelters/)

    // Hover texts name the type in English too.
    const shelter = (await apiGet(context, '/shelters?page_size=1&sort=name')).items[0]
    const hover = await page.evaluate((id) => window.__lakeguardMap.hoverText({ id, properties: {} }), shelter.id * 8 + 1)
    assert.equal(hover, `${shelter.name} · Shelters`)

    const menu = (await page.locator('[data-test=nav-jurisdictions]').first().innerText()).trim()
    await page.click('[data-test=nav-jurisdictions]')
    await page.waitForURL(/jurisdictions/)
    const title = (await page.locator('.page-title, h1').first().innerText()).trim()
    assert.ok(title.includes(menu), `title "${title}" uses the menu's name "${menu}"`)
    context.assertNoExternalRequests()
  } finally {
    await context.close()
  }
})

// --- 突发事件处置: incident command pages and the assignee's phone pages (issue 11 item 6) ----------

/**
 * A plan published through the API for the incident tests: district writes and submits it, admin
 * approves (not its author) and publishes it. Its Ⅳ级 has two tasks for the role held by
 * `assigneeId`, one due at once (so overdue on the board) and one in an hour.
 */
async function publishedTestPlan(office, admin, assigneeId, title) {
  const plan = await apiPost(office, '/plans', {
    title,
    type: '事故灾难',
    sub_type: '危化品',
    level: 'district',
    jurisdiction: '330106',
    owner_unit: '区应急管理局',
    content: {
      organisation: [{ role: '现场处置组', units: ['留下街道'], user_ids: [assigneeId] }],
      levels: [
        {
          level: 4,
          trigger_mode: 'any',
          triggers: [{ indicator: 'keyword', comparator: 'has', keyword: '泄漏' }],
          tasks: [
            { title: '封控泄漏区域并疏散群众', responsible_role: '现场处置组', deadline_offset_min: 0, checklist: ['设置警戒线', '逐户通知'] },
            { title: '上报现场监测数据', responsible_role: '现场处置组', deadline_offset_min: 60, checklist: [] },
          ],
        },
      ],
    },
  })
  await apiPost(office, `/plans/${plan.id}/actions`, { action: 'submit' })
  await apiPost(admin, `/plans/${plan.id}/actions`, { action: 'approve' })
  return apiPost(admin, `/plans/${plan.id}/actions`, { action: 'publish' })
}

test('incidents: a district officer opens an incident (server 422 at the field), activates a published plan, sees the board and timeline, presses 一键通; the assignee on a phone reads, accepts, gives feedback; the officer sees it live; the sitrep opens (screenshots test-results/incident*.png)', async () => {
  const office = await newContext({ viewport: { width: 1440, height: 1000 } })
  const admin = await newContext()
  const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  try {
    await apiLogin(office, 'district')
    await skipWithout(office, '/incidents?page_size=1', 'incidents')
    await apiLogin(admin, 'admin')
    const inspector = await apiLogin(phone, 'inspector')
    await phone.clearCookies() // the phone signs in through the login page below
    const stamp = Date.now().toString(36)
    const plan = await publishedTestPlan(office, admin, inspector.id, `E2E 危化品泄漏处置预案 ${stamp}`)
    assert.equal(plan.in_force_edition, 1)
    const town = (await apiGet(office, `/jurisdictions?code=${TOWN}`)).items[0]

    // The list, then the form: lon without lat is the server's 422, shown at lat; then it opens.
    const page = await office.newPage() // (signed in through the API above)
    await page.goto('/incidents')
    await page.locator('[data-test=list-total]:not([data-loading])').waitFor()
    await page.click('[data-test=nav-incidents]')
    await page.click('[data-test=incident-create]')
    const dialog = page.locator('[data-test=incident-dialog]')
    await dialog.waitFor()
    const title = `E2E 化工园区氯气泄漏 ${stamp}`
    await dialog.locator('[data-field=title] input').fill(title)
    await choose(page, 'type', '危化品')
    await choose(page, 'town_code', town.name)
    await dialog.locator('[data-field=location] input').fill('留下街道某化工厂')
    await dialog.locator('[data-field=lon] input').fill('120.05')
    await dialog.locator('[data-field=deaths] input').fill('1')
    await dialog.locator('[data-field=deaths] input').blur()
    await page.waitForFunction(() => document.querySelector('[data-test=incident-grade-preview]')?.textContent?.includes('一般'))
    await page.click('[data-test=incident-submit]')
    await page.waitForFunction(() => (document.querySelector('[data-field=lat] .el-form-item__error')?.textContent ?? '').length > 0)
    assert.match(await page.locator('[data-field=lat] .el-form-item__error').innerText(), /lon|lat|经度|纬度/)
    await dialog.locator('[data-field=lat] input').fill('30.22')
    await page.click('[data-test=incident-submit]')
    await page.waitForURL((u) => /^\/incidents\/\d+$/.test(u.pathname))
    const incidentId = Number(new URL(page.url()).pathname.split('/').pop())
    await page.locator('[data-test=incident-level]', { hasText: 'Ⅳ级' }).waitFor()
    assert.equal((await page.locator('[data-test=incident-grade]').innerText()).trim(), '一般')
    await page.locator('[data-test=live-state][data-state=connected]').waitFor()

    // Level up: Ⅳ → Ⅲ; a note; both in the timeline.
    await page.click('[data-test=incident-level-up]')
    await page.locator('[data-test=incident-level]', { hasText: 'Ⅲ级' }).waitFor()
    await page.fill('[data-test=incident-note]', '现场已设置警戒') // (el-input puts data-test on the input)
    await page.click('[data-test=incident-note-add]')
    await page.locator('[data-test=timeline-event][data-kind=note]', { hasText: '现场已设置警戒' }).waitFor()
    assert.ok((await page.locator('[data-test=timeline-event][data-kind=level]').count()) >= 1)

    // Activate the plan at its Ⅳ级 (the only level with tasks): two tasks appear as issued.
    await page.click('[data-test=incident-activate]')
    await page.locator('[data-test=activate-dialog]').waitFor()
    await choose(page, 'plan_id', plan.title)
    await page.click('[data-test=activate-submit]')
    await page.locator('[data-test=board-issued] [data-test=board-task]').nth(1).waitFor()
    const detail = await apiGet(office, `/incidents/${incidentId}`)
    assert.equal(detail.tasks.length, 2)
    assert.ok(detail.tasks.every((t) => t.assignee_id === inspector.id && t.state === 'issued'))
    const first = detail.tasks.find((t) => t.title.startsWith('封控'))
    // The task due at activation is overdue on the board; the other is not.
    await page.locator(`[data-task="${first.id}"] [data-test=task-overdue]`).waitFor()
    const second = detail.tasks.find((t) => t !== first)
    assert.equal(await page.locator(`[data-task="${second.id}"] [data-test=task-overdue]`).count(), 0)
    await page.locator('[data-test=timeline-event][data-kind=activation]').waitFor()

    // 一键通: one receipt for the one responsible person, sent through the log channel.
    await page.click('[data-test=activation-notify]')
    await page.locator(`[data-test=receipt][data-user="${inspector.id}"][data-status=sent]`).waitFor()
    await page.locator('[data-test=timeline-event][data-kind=notify]').waitFor()
    await mkdir(RESULTS, { recursive: true })
    await page.screenshot({ path: path.join(RESULTS, 'incident.png'), fullPage: true })

    // The assignee on a phone: 我的任务, open tasks by deadline; read, accept, feedback.
    const mobile = await phone.newPage()
    await uiLogin(mobile, 'inspector')
    await mobile.goto('/incidents/my-tasks')
    const cards = mobile.locator('.task-card')
    await mobile.locator(`[data-task="${first.id}"]`).waitFor()
    const order = await cards.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-task'))))
    assert.ok(order.indexOf(first.id) < order.indexOf(second.id), 'the earlier deadline first')
    await noHorizontalOverflow(mobile)
    await mobile.locator(`[data-task="${first.id}"]`).click()
    await mobile.waitForURL((u) => u.pathname === `/incidents/my-tasks/${first.id}`)
    await mobile.locator('[data-action=read]').click()
    await mobile.locator('[data-test=task-state][data-state=read]').waitFor()
    // Reading it marks the receipt read; the officer's page shows it without a reload.
    await page.locator(`[data-test=receipt][data-user="${inspector.id}"][data-status=read]`).waitFor({ timeout: 15_000 })
    await mobile.locator('[data-action=accept]').click()
    await mobile.locator('[data-test=task-state][data-state=accepted]').waitFor()
    // Feedback needs text: refused here in words, before any request.
    await mobile.locator('[data-action=feedback]').click()
    await mobile.locator('[data-test=task-error]').waitFor()
    await mobile.fill('[data-feedback-text]', '已疏散周边群众 120 人，泄漏点已封堵')
    await mobile.setInputFiles('[data-photo]', { name: 'scene.png', mimeType: 'image/png', buffer: PNG_1X1 })
    await mobile.locator('[data-photo-hash]').waitFor()
    const sent = mobile.waitForResponse((r) => r.url().endsWith(`/incident-tasks/${first.id}/actions`) && r.request().method() === 'POST')
    await mobile.locator('[data-action=feedback]').click()
    const body = JSON.parse((await sent).request().postData())
    const { createHash } = await import('node:crypto')
    assert.equal(body.photo_sha256, createHash('sha256').update(PNG_1X1).digest('hex'))
    await mobile.locator('[data-test=task-state][data-state=feedback]').waitFor()
    await mobile.locator('[data-test=task-feedback]', { hasText: '泄漏点已封堵' }).waitFor()
    const small = await mobile.evaluate(() =>
      [...document.querySelectorAll('.field-task button, .field-task label.big, .field-task textarea, .field-task a.back')]
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height < 44).length,
    )
    assert.equal(small, 0, `${small} tap targets lower than 44 px`)
    await noHorizontalOverflow(mobile)
    await mobile.screenshot({ path: path.join(RESULTS, 'incident-phone.png'), fullPage: true })

    // The officer sees the feedback on the board live, and the timeline has every step.
    await page.locator(`[data-test=board-feedback] [data-task="${first.id}"]`).waitFor({ timeout: 15_000 })
    await page.locator(`[data-test=board-feedback] [data-task="${first.id}"] [data-test=task-feedback]`, { hasText: '泄漏点已封堵' }).waitFor()
    assert.ok((await page.locator('[data-test=timeline-event][data-kind=task]').count()) >= 3, 'read, accept and feedback in the timeline')
    // The commander closes it (办结) from the board.
    await page.click(`[data-task="${first.id}"] [data-test=task-done]`)
    await page.locator(`[data-test=board-done] [data-task="${first.id}"]`).waitFor()

    // The phone still offers feedback: the server's 409 for a done task is shown in words, and the
    // page then shows the task as done.
    await mobile.fill('[data-feedback-text]', '补充：现场已恢复')
    const refused = mobile.waitForResponse((r) => r.url().endsWith(`/incident-tasks/${first.id}/actions`) && r.request().method() === 'POST')
    await mobile.locator('[data-action=feedback]').click()
    assert.equal((await refused).status(), 409)
    await mobile.locator('[data-test=task-error]', { hasText: '当前状态不允许此操作' }).waitFor()
    await mobile.locator('[data-test=task-state][data-state=done]').waitFor()

    // The sitrep (续报): the printable page opens and the text is copied (shown on the page too).
    const [sitrep] = await Promise.all([office.waitForEvent('page'), page.click('[data-test=incident-sitrep]')])
    await sitrep.waitForLoadState()
    assert.match(await sitrep.content(), new RegExp(title))
    await sitrep.close()
    await page.click('[data-test=incident-sitrep-copy]')
    await page.waitForFunction((t) => document.querySelector('textarea[data-test=incident-sitrep-text]')?.value?.includes(t), title)

    // Back on the list: the new incident; a level filter with no match offers 清除筛选.
    await page.goto('/incidents?level=1')
    await page.locator('[data-test=list-empty-filtered]').waitFor()
    await page.click('[data-test=clear-filters]')
    await page.locator('[data-test=incident-title]', { hasText: title }).waitFor()
    office.assertNoExternalRequests()
    phone.assertNoExternalRequests()
  } finally {
    await phone.close()
    await admin.close()
    await office.close()
  }
})

// --- 预案中心 (issue 11 item 6, docs/plans.md) ---------------------------------------------

async function skipWithoutPlans(context) {
  await skipWithout(context, '/plans?page_size=1', 'plan centre')
}

/** A second district officer (the demo has one): approval needs someone other than the author. */
async function secondDistrictOfficer(stamp) {
  const admin = await newContext()
  await apiLogin(admin, 'admin')
  const username = `e2e_district_${stamp}`
  const r = await admin.request.post('/api/v1/users', {
    headers: { 'X-Requested-With': 'lakeguard' },
    data: { username, password: PASSWORD, role: 'district_officer', scope_code: '330106', display_name: `E2E区值班员${stamp}` },
  })
  assert.equal(r.status(), 201, `create ${username}: HTTP ${r.status()} ${await r.text()}`)
  await admin.close()
  return username
}

async function planAction(page, action, statusText) {
  await page.click(`[data-test=plan-action-${action}]`)
  await page.locator('h1 [data-test=plan-status]', { hasText: statusText }).waitFor()
}

test('plans: a district officer makes a plan from the 防汛防台 template (a 422 at the task input), edits a level\'s task, submits; a second officer approves and publishes; the library lists it and the match dialog ranks it with reasons', async () => {
  const district = await newContext({ viewport: { width: 1400, height: 900 } })
  const page = await district.newPage()
  await uiLogin(page, 'district')
  await skipWithoutPlans(district)
  const stamp = Date.now()
  const reviewer = await secondDistrictOfficer(stamp)

  // 1. From the library's menu: a new plan from the template.
  await page.click('[data-test=nav-plans]')
  await page.waitForURL('**/plans')
  await page.locator('[data-test=list-total]:not([data-loading])').waitFor()
  await page.click('[data-test=plan-create]')
  await page.click('[data-test=plan-template-flood_typhoon]')
  await page.waitForURL(/\/plans\/new\?template=flood_typhoon/)
  // The template's four levels are in the form: typing before would be overwritten by its load.
  await page.locator('[data-test=editor-level-tab-4]').waitFor()
  await page.locator('[data-test=editor-title]').first().waitFor()
  assert.match(await page.locator('input[data-test=editor-title]').inputValue(), /防汛防台/)
  const title = `E2E防汛防台应急预案${stamp}`
  const keyword = `E2E${stamp}`
  await page.locator('[data-test=editor-title] input, input[data-test=editor-title]').first().fill(title)
  await page.locator('[data-field=keywords] input').fill(`暴雨、${keyword}`)
  // Ⅱ级's first task: a deadline beyond 30 days is refused by the server at that input.
  await page.click('[data-test=editor-level-tab-2]')
  const level2 = page.locator('[data-test=editor-level-2]')
  const deadlinePath = 'content.levels[1].tasks[0].deadline_offset_min'
  const deadline = level2.locator(`[data-field="${deadlinePath}"] input`)
  await deadline.fill('99999')
  await deadline.blur()
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/plans') && r.request().method() === 'POST')
  await page.click('[data-test=editor-save]')
  assert.equal((await created).status(), 422)
  const fieldError = level2.locator(`[data-field="${deadlinePath}"] .el-form-item__error`)
  await fieldError.waitFor()
  assert.match(await fieldError.innerText(), /deadline_offset_min|43200|43,200/)
  await deadline.fill('45')
  await deadline.blur()
  await page.click('[data-test=editor-save]')
  await page.waitForURL(/\/plans\/\d+$/)
  const id = Number(new URL(page.url()).pathname.split('/').pop())
  await page.locator('h1 [data-test=plan-status]', { hasText: '草稿' }).waitFor()
  let plan = await apiGet(district, `/plans/${id}`)
  assert.equal(plan.title, title)
  assert.equal(plan.level, 'district')
  assert.equal(plan.jurisdiction, '330106')
  assert.deepEqual(plan.keywords, ['暴雨', keyword])
  assert.equal(plan.content.levels.length, 4, 'the four levels of the template')
  assert.equal(plan.content.levels[1].tasks[0].deadline_offset_min, 45)

  // 2. Edit the draft: Ⅱ级's first task gets a new title, responsible unit and checklist (PATCH, If-Match).
  await page.click('[data-test=plan-edit]')
  await page.waitForURL(`**/plans/${id}/edit`)
  await page.click('[data-test=editor-level-tab-2]')
  const task = page.locator('[data-test=editor-level-2] [data-test=editor-task]').first()
  const taskTitle = `E2E 转移山洪危险区人员 ${stamp}`
  await task.locator('[data-field$="].title"] input').fill(taskTitle)
  await task.locator('[data-field$="].responsible_unit"] input').fill('属地镇街')
  await task.locator('[data-field$="].checklist"] textarea').fill('逐户通知\n转移人数上报')
  const patched = page.waitForResponse((r) => r.url().endsWith(`/api/v1/plans/${id}`) && r.request().method() === 'PATCH')
  await page.click('[data-test=editor-save]')
  const patch = await patched
  assert.equal(patch.status(), 200)
  assert.equal(patch.request().headers()['if-match'], `"${plan.version}"`)
  await page.waitForURL(`**/plans/${id}`)
  await page.locator('[data-test=plan-level-2] [data-test=plan-task-title]', { hasText: taskTitle }).waitFor()
  plan = await apiGet(district, `/plans/${id}`)
  assert.deepEqual(plan.content.levels[1].tasks[0], { ...plan.content.levels[1].tasks[0], title: taskTitle, responsible_unit: '属地镇街', checklist: ['逐户通知', '转移人数上报'], deadline_offset_min: 45 })

  // 3. Submit; the author is offered no approval.
  await planAction(page, 'submit', '审核中')
  await page.locator('[data-test=plan-awaits-approver]').waitFor()
  assert.equal(await page.locator('[data-test=plan-action-approve]').count(), 0, 'the author may not approve')
  assert.equal(await page.locator('[data-test=plan-action-publish]').count(), 0, 'nor publish before approval')
  assert.equal(await page.locator('[data-test=plan-edit]').count(), 0, 'a plan in review is not edited')

  // 4. The second officer approves and publishes.
  const second = await newContext({ viewport: { width: 1400, height: 900 } })
  const spage = await second.newPage()
  await uiLogin(spage, reviewer)
  await spage.goto(`/plans/${id}`)
  await planAction(spage, 'approve', '审核中')
  await spage.locator('[data-test=plan-action-publish]').waitFor()
  await planAction(spage, 'publish', '已发布')
  const editions = spage.locator('[data-test=plan-editions] tbody tr')
  await editions.first().waitFor()
  assert.equal(await editions.count(), 1)
  const row = await editions.first().innerText()
  assert.match(row, /第 1 版/)
  assert.match(row, /已发布/)
  assert.ok(row.includes(reviewer), `the editions name the approver: ${row}`)
  plan = await apiGet(district, `/plans/${id}`)
  assert.equal(plan.status, 'published')
  assert.equal(plan.in_force_edition, 1)
  assert.equal(plan.approver, reviewer)
  assert.ok(plan.revision_due, 'publication sets the revision date')

  // 5. The library: found by its keyword; no revision flag 3 years ahead. A search matching nothing offers 清除筛选.
  await page.goto(`/plans?q=${encodeURIComponent(keyword)}`)
  const link = page.locator('[data-test=plan-table] [data-test=plan-link]', { hasText: title })
  await link.waitFor()
  const listRow = page.locator('[data-test=plan-table] tbody tr', { has: page.locator('[data-test=plan-link]', { hasText: title }) })
  assert.match(await listRow.innerText(), /已发布/)
  assert.equal(await listRow.locator('[data-test=plan-revision-overdue], [data-test=plan-revision-due]').count(), 0)
  assert.equal((await page.locator('[data-test=list-total]').innerText()).replace(/\D/g, ''), '1')
  await page.goto(`/plans?q=${encodeURIComponent(`无此预案${stamp}`)}&status=retired`)
  await page.locator('[data-test=list-empty-filtered]').waitFor()
  await page.click('[data-test=clear-filters]')
  await page.waitForURL((u) => u.search === '')
  const total = (await apiGet(district, '/plans?page_size=1')).total
  await page.locator('[data-test=list-total]:not([data-loading])').waitFor()
  assert.equal((await page.locator('[data-test=list-total]').innerText()).replace(/\D/g, ''), String(total))

  // 6. The match dialog: 防汛防台, 120 mm in 3 hours, the keyword → this plan, with the server's reasons.
  await page.click('[data-test=plan-match-open]')
  const dialog = page.locator('[data-test=plan-match-dialog]')
  await dialog.waitFor()
  await choose(page, 'match-type', '防汛防台')
  await dialog.locator('[data-test=match-indicator-value] input').first().fill('120')
  await dialog.locator('[data-test=match-keywords] input, input[data-test=match-keywords]').first().fill(keyword)
  const matched = page.waitForResponse((r) => r.url().endsWith('/api/v1/plans/match'))
  await dialog.locator('[data-test=match-run]').click()
  const reply = await (await matched).json()
  const mine = reply.items.find((i) => i.plan_id === id)
  assert.ok(mine, 'the new plan is ranked')
  const item = dialog.locator(`[data-test=match-item][data-plan="${id}"]`)
  await item.waitFor()
  const reasons = (await item.locator('[data-test=match-reason]').allInnerTexts()).map((s) => s.trim())
  assert.deepEqual(reasons, mine.reasons)
  assert.ok(reasons.includes('类型一致: 防汛防台'), reasons.join(' | '))
  assert.ok(reasons.some((r) => r.startsWith('触发条件: 3小时降雨≥100mm') && r.includes('Ⅰ级')), reasons.join(' | '))
  assert.ok(reasons.includes(`关键词: ${keyword}`), reasons.join(' | '))
  assert.match(await item.locator('[data-test=match-score]').innerText(), new RegExp(`${mine.score}`))
  // Ranked first: the keyword puts it above the demo's district sample.
  assert.equal(reply.items[0].plan_id, id)
  assert.equal(await dialog.locator('[data-test=match-item]').first().getAttribute('data-plan'), String(id))
  await page.screenshot({ path: path.join(RESULTS, 'plan-match.png') })
  for (const c of [district, second]) {
    c.assertNoExternalRequests()
    await c.close()
  }
})

test(`plans: town_${TOWN} reads the district's plans and its town's, not another town's; no workflow on a district plan; a stale page's 409 is shown at the buttons`, async () => {
  const district = await newContext()
  await apiLogin(district, 'district')
  await skipWithoutPlans(district)
  const stamp = Date.now()
  const other = (await apiGet(district, '/jurisdictions?page_size=500')).items.find((j) => j.level === 'town' && j.code !== TOWN)
  assert.ok(other, 'the demo has a second town')
  const body = (level, jurisdiction, t) => ({
    title: t,
    type: '自然灾害',
    sub_type: '防汛防台',
    level,
    jurisdiction,
    owner_unit: 'E2E',
    content: { levels: [{ level: 4, triggers: [{ indicator: 'rain_12h_mm', comparator: '>=', threshold: 50, unit: 'mm' }] }] },
  })
  const otherPlan = await apiPost(district, '/plans', body('town', other.code, `E2E他镇预案${stamp}`))
  const ownPlan = await apiPost(district, '/plans', body('town', TOWN, `E2E本镇预案${stamp}`))
  const districtPlan = (await apiGet(district, '/plans?level=district&status=published&page_size=1')).items[0]
  assert.ok(districtPlan, 'the demo publishes district plans')

  const town = await newContext({ viewport: { width: 1400, height: 900 } })
  const page = await town.newPage()
  await uiLogin(page, `town_${TOWN}`)
  await page.click('[data-test=nav-plans]')
  await page.waitForURL('**/plans')
  await page.locator('[data-test=list-total]:not([data-loading])').waitFor()
  const visible = (await apiGet(town, '/plans?page_size=500')).items
  assert.ok(visible.every((p) => p.level === 'district' || p.town_code === TOWN), 'only district plans and its own town')
  assert.ok(visible.some((p) => p.id === ownPlan.id) && !visible.some((p) => p.id === otherPlan.id))
  assert.equal((await page.locator('[data-test=list-total]').innerText()).replace(/\D/g, ''), String(visible.length))
  const titles = await page.locator('[data-test=plan-link]').allInnerTexts()
  assert.ok(!titles.some((t) => t.includes(`E2E他镇预案${stamp}`)), 'another town\'s plan is not listed')
  // Another town's plan: out of scope, said once on the page.
  await page.goto(`/plans/${otherPlan.id}`)
  await page.locator('[data-test=record-out-of-scope]').waitFor()
  // A district plan: readable, but no workflow, edit or upload for a town.
  await page.goto(`/plans/${districtPlan.id}`)
  await page.locator('h1 [data-test=plan-status]').waitFor()
  assert.equal(await page.locator('[data-test=plan-actions] button').count(), 0, 'no buttons on a district plan')
  assert.equal(await page.locator('[data-test=plan-attachment-upload]').count(), 0)
  // Its own town's draft: edit and submit are offered; a draft changed meanwhile gives a 409 at the buttons.
  await page.goto(`/plans/${ownPlan.id}`)
  await page.locator('[data-test=plan-edit]').waitFor()
  await page.locator('[data-test=plan-action-submit]').waitFor()
  const r = await district.request.post(`/api/v1/plans/${ownPlan.id}/actions`, { headers: { 'X-Requested-With': 'lakeguard' }, data: { action: 'submit' } })
  assert.equal(r.status(), 200)
  await page.click('[data-test=plan-action-submit]')
  const err = page.locator('[data-test=plan-action-error]')
  await err.waitFor()
  assert.ok((await err.innerText()).trim().length > 3, 'the refusal has words')
  // A new plan starts at the town's own level and place.
  await page.goto('/plans/new')
  await page.locator('[data-test=plan-editor]').waitFor()
  assert.equal(await page.locator('[data-field=jurisdiction] input').inputValue(), TOWN)
  // An attachment that is neither PDF nor DOCX: the server's 415 is shown at the upload.
  const own2 = await apiPost(town, '/plans', body('town', TOWN, `E2E附件预案${stamp}`))
  await page.goto(`/plans/${own2.id}`)
  await page.locator('[data-test=plan-attachment-upload]').waitFor()
  await page.setInputFiles('[data-test=plan-attachment-input]', { name: 'note.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') })
  await page.locator('[data-test=plan-attachment-error]').waitFor()
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
  await page.setInputFiles('[data-test=plan-attachment-input]', { name: '预案正文.pdf', mimeType: 'application/pdf', buffer: pdf })
  await page.locator('[data-test=plan-attachment-link]', { hasText: '预案正文.pdf' }).waitFor()
  const { createHash } = await import('node:crypto')
  const hash = createHash('sha256').update(pdf).digest('hex')
  assert.equal(await page.locator('[data-test=plan-attachment-hash]').first().getAttribute('title'), hash)
  assert.equal((await page.locator('[data-test=plan-attachment-size]').first().innerText()).trim(), `${pdf.length} B`)
  const href = await page.locator('[data-test=plan-attachment-link]').first().getAttribute('href')
  const got = await town.request.get(href)
  assert.equal(got.status(), 200)
  assert.equal(createHash('sha256').update(await got.body()).digest('hex'), hash)
  for (const c of [district, town]) {
    c.assertNoExternalRequests()
    await c.close()
  }
})

// --- main --------------------------------------------------------------------------------
browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--enable-unsafe-swiftshader',
  ],
})
let passed = 0
let failed = 0
let skipped = 0
for (const t of tests) {
  if (ONLY && !t.name.includes(ONLY)) continue
  const started = Date.now()
  try {
    await t.fn()
    passed++
    console.log(`ok - ${t.name} (${Date.now() - started} ms)`)
  } catch (e) {
    if (e instanceof Skip) {
      skipped++
      console.log(`ok - ${t.name} # SKIP ${e.message}`)
      continue
    }
    failed++
    console.log(`not ok - ${t.name} (${Date.now() - started} ms)\n    ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n    ')}`)
  }
}
await browser.close()
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed ? 1 : 0)
