#!/usr/bin/env node
// Prints the gzipped size of what dist/index.html loads before any route (its module script and
// modulepreloads; CSS separately), and of each lazy chunk. Fails when the initial JS is over 1 MB.
import { readFile, readdir } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist')
const html = await readFile(path.join(dist, 'index.html'), 'utf8')
const refs = (re) => [...html.matchAll(re)].map((m) => m[1])
const initialJs = [...refs(/<script[^>]+src="([^"]+)"/g), ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)]
const initialCss = refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)
const gz = async (p) => gzipSync(await readFile(path.join(dist, p.replace(/^\//, '')))).length
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`

let js = 0
for (const f of initialJs) js += await gz(f)
let css = 0
for (const f of initialCss) css += await gz(f)
console.log(`initial JS  ${kb(js)} gzipped (${initialJs.length} files)`)
console.log(`initial CSS ${kb(css)} gzipped (${initialCss.length} files)`)
const lazy = (await readdir(path.join(dist, 'assets'))).filter((f) => f.endsWith('.js') && !initialJs.some((i) => i.endsWith(f)))
const sizes = await Promise.all(lazy.map(async (f) => [f, await gz(`assets/${f}`)]))
sizes.sort((a, b) => b[1] - a[1])
console.log('largest lazy chunks:')
for (const [f, n] of sizes.slice(0, 8)) console.log(`  ${kb(n).padStart(10)}  ${f}`)
if (js > 1024 * 1024) {
  console.error('initial JS is over the 1 MB budget')
  process.exit(1)
}
