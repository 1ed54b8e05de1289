/**
 * REST load benchmark (issue 6): the built headless server (`out/main/serve.js`, the durable
 * store in a temp data dir) in one child process, autocannon's CLI in a second one, both on
 * 127.0.0.1.
 * - Setup through the REST API itself (no faster path): a workspace, a queue, a workflow and
 *   15,000 available workers, created 64 requests at a time.
 * - rest.create_task_rps: `POST /v1/Workspaces/WS.../Tasks` answered 201 per second, routing
 *   live (the first 15,000 tasks are reserved to a worker at once, the rest wait in the queue).
 *   Goal >= 1,000.
 * - rest.p99_ms: p99 latency of that load offered at the goal rate (1,000 creations/s, evenly
 *   spaced, open loop: support/openLoopLoad.mjs, latency counted from the instant each request
 *   was due, so a stalled server still shows its stalls). Goal <= 50.
 * - rest.p99_saturated_ms: p99 of the throughput phase, where 32 connections fire back to back.
 *   Reported for contrast, not a goal: at saturation latency is queueing by construction
 *   (connections × CPU per request), whatever the server does.
 * Bounded: REQUESTS requests per phase, at most ~60 s of load each.
 * Knobs: REST_BENCH_CONNECTIONS (default 32), REST_BENCH_REQUESTS (default 20,000),
 * REST_BENCH_RATE (offered rate of the latency phase, default 1,000/s), REST_BENCH_CPU_PROF=<dir> (CPU profile of the server),
 * REST_BENCH_SERVE_JS=<path to a built serve.js> (measure another build; out/ is then left alone).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Metric } from './run'

const WORKERS = 15_000
const REQUESTS = Number(process.env.REST_BENCH_REQUESTS ?? 20_000)
const CONNECTIONS = Number(process.env.REST_BENCH_CONNECTIONS ?? 32)
const OFFERED_RATE = Number(process.env.REST_BENCH_RATE ?? 1_000)
const TASK_BODY = new URLSearchParams({ Attributes: JSON.stringify({ type: 'support', language: 'en' }), Priority: '1' }).toString()
const SETUP_CONCURRENCY = 64
const ACCOUNT_SID = 'AC' + 'b'.repeat(32)
const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef'
const root = join(import.meta.dirname, '../..')
const auth = 'Basic ' + Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')

export async function run(): Promise<Metric[]> {
  const serveJs = process.env.REST_BENCH_SERVE_JS ?? join(root, 'out/main/serve.js')
  // Measure what ships: rebuild out/ when any source is newer.
  if (!process.env.REST_BENCH_SERVE_JS) execFileSync(process.execPath, ['--input-type=module', '-e', "import('./scripts/build-if-stale.mjs').then((m) => m.buildIfStale())"], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  const dataDir = await mkdtemp(join(tmpdir(), 'routedesk-rest-bench-'))
  // REST_BENCH_CPU_PROF=<dir> writes a CPU profile of the server process there.
  const profile = process.env.REST_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.REST_BENCH_CPU_PROF}`] : []
  const server = spawn(process.execPath, [...profile, serveJs, '--port', '0', '--host', '127.0.0.1', '--data', dataDir], {
    env: { ...process.env, ROUTEDESK_ACCOUNT_SID: ACCOUNT_SID, ROUTEDESK_AUTH_TOKEN: AUTH_TOKEN, ROUTEDESK_UI_TOKEN: 'bench-ui-token-0123456789' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const origin = await listening(server)
    const setupStarted = performance.now()
    const { workspace } = await setup(origin)
    const setupSeconds = (performance.now() - setupStarted) / 1000
    const cpuBefore = processCpu(server.pid!)
    const result = await load(`${origin}/v1/Workspaces/${workspace}/Tasks`)
    const cpuAfter = processCpu(server.pid!)
    const atGoalRate = await openLoop(`${origin}/v1/Workspaces/${workspace}/Tasks`, OFFERED_RATE)
    const answered = Math.max(1, result.requests?.total ?? REQUESTS)
    const created = result.statusCodeStats?.['201']?.count ?? 0
    const check = await fetchJson(`${origin}/v1/Workspaces/${workspace}/RealTimeStatistics`)
    const reserved = Number((check.tasks_by_status as Record<string, number> | undefined)?.reserved ?? 0)
    for (const phase of [result, atGoalRate]) {
      if (phase.errors > 0 || phase.non2xx > 0) process.stderr.write(`rest bench: ${phase.errors} errors, ${phase.non2xx} non-2xx answers\n`)
    }
    return [
      { name: 'rest.create_task_rps', value: round(created / (result.duration ?? 1)), unit: 'tasks/s (goal >= 1000)' },
      { name: 'rest.p99_ms', value: atGoalRate.latency.p99, unit: `ms at ${OFFERED_RATE} creations/s offered (goal <= 50)` },
      { name: 'rest.p50_ms', value: atGoalRate.latency.p50, unit: `ms at ${OFFERED_RATE} creations/s offered` },
      { name: 'rest.achieved_rps_at_goal_rate', value: round((atGoalRate.statusCodeStats?.['201']?.count ?? 0) / (atGoalRate.duration ?? 1)), unit: `tasks/s of ${OFFERED_RATE} offered` },
      { name: 'rest.p99_saturated_ms', value: result.latency.p99, unit: `ms, ${CONNECTIONS} connections back to back (queueing; not a goal)` },
      // CPU time is steadier than throughput on a shared machine: what one request costs the server.
      { name: 'rest.cpu_ms_per_request', value: round2((cpuAfter.total - cpuBefore.total) / answered), unit: 'ms CPU, all server threads' },
      { name: 'rest.main_thread_cpu_ms_per_request', value: round2((cpuAfter.main - cpuBefore.main) / answered), unit: 'ms CPU, the event-loop thread' },
      { name: 'rest.tasks_reserved', value: reserved, unit: `of ${created} created (${WORKERS} workers)` },
      { name: 'rest.setup_workers_per_sec', value: round(WORKERS / setupSeconds), unit: 'workers/s (REST, 64 in flight)' },
    ]
  } finally {
    server.kill('SIGTERM')
    await new Promise((resolve) => server.once('exit', resolve))
    await rm(dataDir, { recursive: true, force: true })
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}

function round2(value: number): number {
  return Math.round(value * 100) / 100
}

/** CPU milliseconds (user + system) of a process and of its main thread, from /proc (Linux; zeros elsewhere). */
function processCpu(pid: number): { total: number; main: number } {
  const ticks = (file: string): number => {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ')
      return Number(fields[11]) + Number(fields[12])
    } catch {
      return 0
    }
  }
  const msPerTick = 1000 / 100 // USER_HZ is 100 on Linux
  return { total: ticks(`/proc/${pid}/stat`) * msPerTick, main: ticks(`/proc/${pid}/task/${pid}/stat`) * msPerTick }
}

/** Waits for `Routedesk listening on http://127.0.0.1:PORT/...` and returns the origin. */
function listening(server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${output}`)), 30_000)
    server.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Routedesk listening on (http:\/\/[^/\s]+)\//.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    server.once('exit', (code) => reject(new Error(`the server exited (${code}): ${output}`)))
  })
}

async function fetchJson(url: string, fields?: Record<string, string>): Promise<Record<string, unknown>> {
  const init: RequestInit = fields
    ? { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }
    : { headers: { Authorization: auth } }
  // Set-up only (not measured): on a loaded machine a kept-alive socket can be closed by the
  // server just as it is reused (undici: "other side closed"); one retry on a fresh one.
  const response = await fetch(url, init).catch(() => fetch(url, init))
  const body = (await response.json()) as Record<string, unknown>
  if (response.status >= 300) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`)
  return body
}

async function setup(origin: string): Promise<{ workspace: string }> {
  const workspace = String((await fetchJson(`${origin}/v1/Workspaces`, { FriendlyName: 'Bench', MultiTaskEnabled: 'true' })).sid)
  const base = `${origin}/v1/Workspaces/${workspace}`
  const activities = (await fetchJson(`${base}/Activities?FriendlyName=Available`)).activities as Array<{ sid: string }>
  const queue = String((await fetchJson(`${base}/TaskQueues`, { FriendlyName: 'Support', TargetWorkers: "skills HAS 'support'" })).sid)
  await fetchJson(`${base}/Workflows`, { FriendlyName: 'Main', Configuration: JSON.stringify({ task_routing: { filters: [{ expression: "type == 'support'", targets: [{ queue }] }], default_filter: { queue } } }) })
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < WORKERS) {
      const index = next++
      await fetchJson(`${base}/Workers`, { FriendlyName: `Agent ${index}`, ActivitySid: activities[0]!.sid, Attributes: JSON.stringify({ skills: ['support'], languages: index % 2 ? ['en'] : ['en', 'fr'] }) })
    }
  }
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, lane))
  return { workspace }
}

/** What a load phase reports (autocannon's JSON shape; the open-loop generator answers the same). */
interface LoadResult {
  duration: number
  requests?: { total: number }
  errors: number
  non2xx: number
  latency: { p50: number; p99: number }
  statusCodeStats?: Record<string, { count: number }>
}

/** autocannon's CLI in a second process: REQUESTS form POSTs over CONNECTIONS keep-alive connections, back to back. */
function load(url: string): Promise<LoadResult> {
  return loadProcess('autocannon', join(root, 'node_modules/autocannon/autocannon.js'), [
    '-c', String(CONNECTIONS), '-a', String(REQUESTS), '-t', '30', '-n', '-j',
    '-m', 'POST',
    '-H', 'Content-Type=application/x-www-form-urlencoded',
    '-H', `Authorization=${auth}`,
    '-b', TASK_BODY,
    url,
  ], 90_000)
}

/** REQUESTS form POSTs offered at `rate` per second, evenly spaced, from a second process (support/openLoopLoad.mjs). */
function openLoop(url: string, rate: number): Promise<LoadResult> {
  const options = { url, rate, requests: REQUESTS, body: TASK_BODY, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth } }
  return loadProcess('the open-loop load', join(import.meta.dirname, 'support/openLoopLoad.mjs'), [JSON.stringify(options)], 120_000)
}

/** Runs a load generator in its own process and reads the JSON result it prints. */
function loadProcess(name: string, script: string, args: string[], timeoutMs: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString() })
    child.on('exit', (code) => {
      clearTimeout(timer)
      try {
        resolve(JSON.parse(out) as LoadResult)
      } catch {
        reject(new Error(`${name} failed (${code}): ${err.slice(-2000)}`))
      }
    })
  })
}
