#!/usr/bin/env node
// Runs the end-to-end suite against tests/e2e/mock-server.mjs on a free loopback port, serving
// the built console from web/dist. For working on the console before (or without) the C++ server.
import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const password = process.env.LAKEGUARD_DEMO_PASSWORD ?? 'e2e-demo-password'

const port = await new Promise((resolve, reject) => {
  const s = net.createServer()
  s.once('error', reject)
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port
    s.close(() => resolve(p))
  })
})
const env = { ...process.env, LAKEGUARD_DEMO_PASSWORD: password }
const server = spawn(process.execPath, [path.join(here, 'mock-server.mjs'), '--port', String(port)], { env, stdio: ['ignore', 'inherit', 'inherit'] })

const url = `http://127.0.0.1:${port}`
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/healthz`)).ok) break
  } catch {
    /* not up yet */
  }
  if (i > 100) {
    server.kill()
    console.error('mock server did not start')
    process.exit(1)
  }
  await new Promise((r) => setTimeout(r, 100))
}
const run = spawn(process.execPath, [path.join(here, 'run.mjs')], { env: { ...env, LAKEGUARD_URL: url }, stdio: 'inherit' })
run.on('exit', (code) => {
  server.kill()
  process.exit(code ?? 1)
})
