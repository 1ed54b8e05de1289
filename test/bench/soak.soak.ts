/**
 * `npm run bench -- --soak` (issue 11): the built headless server under a steady contact-center
 * load for RD_SOAK_MINUTES (default 10) minutes, through the REST API like real integrations.
 * 200 agents in 12 skill queues; tasks arrive at ~20/s; agents accept after 0.2-2 s and complete
 * after 1-8 s; a supervisor reads statistics every second. Reports:
 * - soak.rss_growth_mb: server RSS at the end minus RSS after the first minute (warm-up).
 * - soak.p99_drift_ms: p99 task-create latency in the last minute minus in the first minute.
 * - soak.p99_first_minute_ms / soak.p99_last_minute_ms, soak.tasks, soak.errors for context.
 * - soak.store_db_mb, soak.store_events, soak.store_bytes_per_task / _per_event: what the store
 *   retains (the sql.js database lives in the store worker's memory, so RSS follows it).
 * RD_SOAK_SERVER_NODE_OPTIONS passes options to the server process only (e.g. a --require that
 * starts a CPU profile; Node refuses --cpu-prof in NODE_OPTIONS).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import initSqlJs from 'sql.js'
import { spawnServe } from '../e2e/support/harness'
import type { Metric } from './run'

const MINUTES = Number(process.env.RD_SOAK_MINUTES ?? 10)
const AGENTS = 200
const QUEUES = 12
const ARRIVALS_PER_SECOND = 20

const accountSid = 'AC' + randomBytes(16).toString('hex')
const authToken = randomBytes(24).toString('hex')
const authorization = 'Basic ' + Buffer.from(`${accountSid}:${authToken}`).toString('base64')

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

function p99(samples: number[]): number {
  if (samples.length === 0) return 0
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export async function run(): Promise<Metric[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rd-soak-'))
  process.env.ROUTEDESK_ACCOUNT_SID = accountSid
  process.env.ROUTEDESK_AUTH_TOKEN = authToken
  // Profiling knob: e.g. RD_SOAK_SERVER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" (server process only).
  if (process.env.RD_SOAK_SERVER_NODE_OPTIONS) process.env.NODE_OPTIONS = process.env.RD_SOAK_SERVER_NODE_OPTIONS
  const server = await spawnServe(dataDir)
  delete process.env.NODE_OPTIONS
  let metrics: Metric[]
  let tasksCreated = 0
  const pid = server.child.pid!
  const rest = async <T>(path: string, form?: Record<string, string>): Promise<T> => {
    const response = await fetch(`${server.origin}/v1${path}`, {
      method: form ? 'POST' : 'GET',
      headers: { authorization, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${path} -> ${response.status} ${text}`)
    return JSON.parse(text) as T
  }

  try {
    const ws = (await rest<{ sid: string }>('/Workspaces', { FriendlyName: 'Soak', Template: 'FIFO', MultiTaskEnabled: 'true' })).sid
    const activities = (await rest<{ activities: { sid: string; friendly_name: string }[] }>(`/Workspaces/${ws}/Activities`)).activities
    const available = activities.find((a) => a.friendly_name === 'Available')!.sid
    const filters = []
    for (let q = 0; q < QUEUES; q++) {
      const queue = await rest<{ sid: string }>(`/Workspaces/${ws}/TaskQueues`, { FriendlyName: `skill-${q}`, TargetWorkers: `skills HAS "s${q}"` })
      filters.push({ filter_friendly_name: `skill ${q}`, expression: `skill == "s${q}"`, targets: [{ queue: queue.sid }] })
    }
    const workflow = await rest<{ sid: string }>(`/Workspaces/${ws}/Workflows`, {
      FriendlyName: 'Soak routing',
      Configuration: JSON.stringify({ task_routing: { filters, default_filter: { queue: (await rest<{ task_queues: { sid: string }[] }>(`/Workspaces/${ws}/TaskQueues`)).task_queues[0]!.sid } } }),
      TaskReservationTimeout: '30',
    })
    for (let a = 0; a < AGENTS; a++) {
      const skills = [`s${a % QUEUES}`, `s${(a * 7 + 3) % QUEUES}`]
      await rest(`/Workspaces/${ws}/Workers`, { FriendlyName: `agent-${a}`, ActivitySid: available, Attributes: JSON.stringify({ skills }) })
    }

    const latencies: number[][] = []
    const rss: number[] = []
    let tasks = 0
    let errors = 0
    let running = true
    const inFlight = new Set<Promise<void>>()
    /** Counts a failed request; the first few are printed so a bad run says why. */
    const countError = (error: unknown): void => {
      errors += 1
      if (errors <= 3) process.stderr.write(`soak: ${String(error).slice(0, 300)}\n`)
    }
    const track = (work: Promise<void>): void => {
      const tracked = work.catch(countError).finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
    }

    // One task's life: create (timed), wait for the offer, accept, complete.
    const lifecycle = async (minute: number): Promise<void> => {
      const started = performance.now()
      const task = await rest<{ sid: string }>(`/Workspaces/${ws}/Tasks`, { WorkflowSid: workflow.sid, Attributes: JSON.stringify({ skill: `s${Math.floor(Math.random() * QUEUES)}` }) })
      ;(latencies[minute] ??= []).push(performance.now() - started)
      tasks += 1
      tasksCreated = tasks
      for (let attempt = 0; attempt < 20 && running; attempt++) {
        await sleep(200 + Math.random() * 1800)
        const pending = await rest<{ reservations: { sid: string }[] }>(`/Workspaces/${ws}/Tasks/${task.sid}/Reservations?ReservationStatus=pending`)
        const reservation = pending.reservations[0]
        if (!reservation) continue
        await rest(`/Workspaces/${ws}/Tasks/${task.sid}/Reservations/${reservation.sid}`, { ReservationStatus: 'accepted' })
        await sleep(1000 + Math.random() * 7000)
        await rest(`/Workspaces/${ws}/Tasks/${task.sid}`, { AssignmentStatus: 'completed', Reason: 'handled' })
        return
      }
      await rest(`/Workspaces/${ws}/Tasks/${task.sid}`, { AssignmentStatus: 'canceled', Reason: 'soak: no agent in time' }).catch(() => undefined)
    }

    const startedAt = Date.now()
    const endAt = startedAt + MINUTES * 60_000
    const supervisor = (async () => {
      while (running) {
        await rest(`/Workspaces/${ws}/Statistics`).catch(countError)
        await sleep(1000)
      }
    })()
    const sampler = setInterval(() => rss.push(rssMb(pid)), 10_000)
    let next = performance.now()
    while (Date.now() < endAt) {
      const minute = Math.floor((Date.now() - startedAt) / 60_000)
      track(lifecycle(minute))
      next += 1000 / ARRIVALS_PER_SECOND
      const wait = next - performance.now()
      if (wait > 0) await sleep(wait)
    }
    running = false
    clearInterval(sampler)
    await supervisor
    await Promise.all([...inFlight])

    const warm = rss[Math.min(rss.length - 1, 5)] ?? rssMb(pid)
    const end = rssMb(pid)
    const first = p99(latencies[0] ?? [])
    const last = p99(latencies[Math.max(0, latencies.length - 1)] ?? [])
    metrics = [
      { name: 'soak.rss_growth_mb', value: Math.round((end - warm) * 10) / 10, unit: 'MB' },
      { name: 'soak.p99_drift_ms', value: Math.round((last - first) * 10) / 10, unit: 'ms' },
      { name: 'soak.p99_first_minute_ms', value: Math.round(first * 10) / 10, unit: 'ms' },
      { name: 'soak.p99_last_minute_ms', value: Math.round(last * 10) / 10, unit: 'ms' },
      { name: 'soak.rss_end_mb', value: Math.round(end), unit: 'MB' },
      { name: 'soak.tasks', value: tasks, unit: 'tasks' },
      { name: 'soak.errors', value: errors, unit: 'requests' },
    ]
  } finally {
    server.child.kill('SIGTERM')
    await new Promise((resolve) => server.child.once('exit', resolve))
  }
  try {
    return [...metrics, ...(await storeMetrics(dataDir, tasksCreated))]
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/**
 * What the store holds after the run (the server snapshots on shutdown), to tell retained data
 * from a leak: sql.js keeps the whole database in the store worker's memory (plus a copy of the
 * file while a snapshot is exported), so RSS grows with it until the retention window prunes.
 */
async function storeMetrics(dataDir: string, tasks: number): Promise<Metric[]> {
  const file = join(dataDir, 'routedesk.sqlite')
  if (!existsSync(file)) return []
  const bytes = statSync(file).size
  const SQL = await initSqlJs()
  const db = new SQL.Database(readFileSync(file))
  try {
    const count = (table: string): number => Number(db.exec(`SELECT count(*) FROM ${table}`)[0]?.values[0]?.[0] ?? 0)
    const bodyMb = (table: string): number => Math.round(Number(db.exec(`SELECT coalesce(sum(length(body)), 0) FROM ${table}`)[0]?.values[0]?.[0] ?? 0) / 1024 / 102.4) / 10
    const events = count('events')
    return [
      { name: 'soak.store_db_mb', value: Math.round((bytes / 1024 / 1024) * 10) / 10, unit: 'MB' },
      { name: 'soak.store_events', value: events, unit: 'events' },
      // Where the bytes are: JSON bodies per table (the rest is keys, indexes and free pages).
      ...['events', 'tasks', 'reservations', 'deliveries'].map((table): Metric => ({ name: `soak.store_${table}_body_mb`, value: bodyMb(table), unit: 'MB' })),
      { name: 'soak.store_bytes_per_task', value: tasks > 0 ? Math.round(bytes / tasks) : 0, unit: 'B' },
      { name: 'soak.store_bytes_per_event', value: events > 0 ? Math.round(bytes / events) : 0, unit: 'B' },
    ]
  } finally {
    db.close()
  }
}
