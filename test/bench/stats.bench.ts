/**
 * Statistics benchmarks (issue 5).
 * Set-up: one workspace through the real engine with 500 queues (`skills HAS "sN"`, 100 skills)
 * and 15,000 workers (5 skills each, so ~25 queues each). History: 24 hours of 100,000 tasks
 * fed as synthetic events (created, entered, reservation created/accepted or task canceled,
 * wrap-up, completed, plus worker activity changes) straight into the workspace's cumulative
 * statistics, in time order, the same entry point the engine uses: running the engine through
 * 24 hours would only slow the set-up down. Then 3,000 live tasks routed by a workflow.
 * - stats.realtime_read_us: one workspace RealTimeStatistics read (median).
 * - stats.realtime_all_queues_us: the workspace plus all 500 queues' real-time statistics.
 * - stats.cumulative_24h_ms: workspace CumulativeStatistics over 24 h with SplitByWaitTime=20,60.
 * - stats.today_kpis_500q_ms: KPIs "today" for all 500 queues, per channel, with the rollups
 *   (hour roll-ups: ~12 hour buckets + the current hour's minutes per queue and channel).
 * - stats.observe_us_per_lifecycle: time spent in statistics (real-time + cumulative) per task
 *   lifecycle (create -> reservation -> accept -> complete) through Engine.execute, and
 *   stats.observe_share_pct: that time as a share of the whole lifecycle.
 */
import type { DomainEvent } from '../../src-main/contract/resources'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import type { Metric } from './run'

const WORKERS = 15_000
const QUEUES = 500
const SKILLS = 100
const LIVE_TASKS = 3_000
const HISTORY_TASKS = 100_000
const LIFECYCLES = 4_000
const DAY = 24 * 3600 * 1000

function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

function time(runs: number, work: () => unknown): number {
  for (let i = 0; i < Math.min(5, runs); i++) work()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    work()
    samples.push(performance.now() - start)
  }
  return median(samples)
}

export async function run(): Promise<Metric[]> {
  const rnd = random(7)
  const clock = new FakeClock(Date.UTC(2026, 0, 2, 12, 0, 0))
  const engine = new Engine({ clock })
  const ws = engine.execute('workspaces.create', { friendly_name: 'Bench', multi_task_enabled: true }).result.sid
  const activities = engine.query('activities.list', { workspace_sid: ws })
  const available = activities.find((a) => a.friendly_name === 'Available')!.sid
  const others = activities.filter((a) => !a.available).map((a) => a.sid)
  const channels = engine.query('channels.list', { workspace_sid: ws }).map((c) => c.sid)

  const queues: string[] = []
  for (let i = 0; i < QUEUES; i++) {
    queues.push(engine.execute('queues.create', { workspace_sid: ws, friendly_name: `Q${i}`, target_workers: `skills HAS "s${i % SKILLS}"` }).result.sid)
  }
  const filters = Array.from({ length: 50 }, (_, i) => ({ filter_friendly_name: `f${i}`, expression: `route == ${i}`, targets: [{ queue: queues[i * 10]! }] }))
  const workflow = engine.execute('workflows.create', { workspace_sid: ws, friendly_name: 'Main', configuration: JSON.stringify({ task_routing: { filters, default_filter: { queue: queues[0]! } } }) }).result.sid
  const workers: string[] = []
  for (let i = 0; i < WORKERS; i++) {
    const skills = Array.from({ length: 5 }, () => `s${Math.floor(rnd() * SKILLS)}`)
    const activity = rnd() < 0.5 ? available : others[Math.floor(rnd() * others.length)]!
    workers.push(engine.execute('workers.create', { workspace_sid: ws, friendly_name: `W${i}`, attributes: JSON.stringify({ skills }), activity_sid: activity }).result.sid)
  }

  // 24 hours of history, in time order, before the live tasks.
  const stats = engine.statistics.get(ws)!
  const now = clock.now()
  const events: DomainEvent[] = []
  const event = (type: string, at: number, data: Record<string, string | null>): void => {
    events.push({ workspace_sid: ws, event_type: type, event_date_ms: at, event_data: data } as DomainEvent)
  }
  for (let i = 0; i < HISTORY_TASKS; i++) {
    const created = now - DAY + 60_000 + Math.floor((i / HISTORY_TASKS) * (DAY - 3_600_000))
    const queue = queues[Math.floor(rnd() * QUEUES)]!
    const worker = workers[Math.floor(rnd() * WORKERS)]!
    const base = { task_sid: `WT${i}`, task_channel_sid: channels[i % channels.length]!, task_queue_sid: queue, workflow_sid: workflow, task_date_created_ms: String(created), task_queue_entered_date_ms: String(created) }
    event('task.created', created, base)
    event('workflow.entered', created, base)
    event('task-queue.entered', created, base)
    const wait = Math.floor(rnd() * 120_000)
    if (rnd() < 0.85) {
      event('reservation.created', created + wait - 2000, { ...base, worker_sid: worker })
      event('reservation.accepted', created + wait, { ...base, worker_sid: worker })
      const talk = 60_000 + Math.floor(rnd() * 600_000)
      event('task.wrapup', created + wait + talk, base)
      event('task.completed', created + wait + talk + 30_000, base)
      event('reservation.completed', created + wait + talk + 30_000, { ...base, worker_sid: worker })
      event('worker.activity.update', created + wait, { worker_sid: worker, worker_previous_activity_sid: available, worker_time_in_previous_activity_ms: String(Math.floor(rnd() * 900_000)) })
    } else {
      event('task.canceled', created + wait, base)
    }
  }
  events.sort((a, b) => a.event_date_ms - b.event_date_ms)
  for (const e of events) stats.cumulative.observe(e)
  for (let i = 0; i < LIVE_TASKS; i++) {
    engine.execute('tasks.create', { workspace_sid: ws, attributes: JSON.stringify({ route: Math.floor(rnd() * 60) }), workflow_sid: workflow, priority: Math.floor(rnd() * 3), task_channel: channels[Math.floor(rnd() * channels.length)]! })
    if (i % 100 === 0) clock.advance(1000)
  }

  const realtime = time(2000, () => engine.query('statsRealtime.workspace', { workspace_sid: ws }))
  const allQueues = time(50, () => {
    engine.query('statsRealtime.workspace', { workspace_sid: ws })
    for (const queue of queues) engine.query('statsRealtime.queue', { workspace_sid: ws, task_queue_sid: queue })
  })
  const cumulative24h = time(20, () => engine.query('statsCumulative.workspace', { workspace_sid: ws, minutes: 1440, split_by_wait_time: '20,60' }))
  const check = engine.query('statsCumulative.workspace', { workspace_sid: ws, minutes: 1440, split_by_wait_time: '20,60' })
  if (check.tasks_created !== HISTORY_TASKS + LIVE_TASKS) throw new Error(`expected ${HISTORY_TASKS + LIVE_TASKS} tasks created, got ${check.tasks_created}`)
  const kpisToday = time(5, () => engine.query('stats.kpis', { workspace_sid: ws, window: 'today' }))
  const observe = lifecycleCost(engine, clock, ws, workflow)

  return [
    { name: 'stats.realtime_read_us', value: Math.round(realtime * 1000 * 10) / 10, unit: 'us' },
    { name: 'stats.realtime_all_queues_us', value: Math.round(allQueues * 1000), unit: 'us' },
    { name: 'stats.cumulative_24h_ms', value: Math.round(cumulative24h * 100) / 100, unit: 'ms' },
    { name: 'stats.today_kpis_500q_ms', value: Math.round(kpisToday * 10) / 10, unit: 'ms (KPIs "today", 500 queues x every channel, rollups)' },
    { name: 'stats.observe_us_per_lifecycle', value: Math.round(observe.statisticsUs * 100) / 100, unit: `us of statistics per task lifecycle (of ${observe.lifecycleUs.toFixed(1)} us; 15,000 workers)` },
    { name: 'stats.observe_share_pct', value: Math.round((observe.statisticsUs / observe.lifecycleUs) * 1000) / 10, unit: '% of a lifecycle spent in statistics' },
  ]
}

/**
 * Runs task lifecycles through the engine (create -> the routed reservation -> accept ->
 * complete) and measures the time inside the statistics book's `observe` separately.
 */
function lifecycleCost(engine: Engine, clock: FakeClock, ws: string, workflow: string): { statisticsUs: number; lifecycleUs: number } {
  const book = engine.statistics
  const observe = book.observe.bind(book)
  let inStatistics = 0
  book.observe = (events, lookup, now) => {
    const started = performance.now()
    observe(events, lookup, now)
    inStatistics += performance.now() - started
  }
  const run = (count: number): number => {
    let done = 0
    for (let i = 0; i < count; i++) {
      clock.advance(5)
      const created = engine.execute('tasks.create', { workspace_sid: ws, attributes: JSON.stringify({ route: i % 60 }), workflow_sid: workflow })
      const reservation = created.changes.find((change) => change.op === 'put' && change.table === 'reservations')
      if (!reservation || reservation.op !== 'put') continue
      engine.execute('reservations.update', { workspace_sid: ws, sid: reservation.row.sid, reservation_status: 'accepted' })
      engine.execute('tasks.update', { workspace_sid: ws, sid: created.result.sid, assignment_status: 'completed' })
      done += 1
    }
    return done
  }
  run(LIFECYCLES / 4)
  inStatistics = 0
  const started = performance.now()
  const done = run(LIFECYCLES)
  const total = performance.now() - started
  book.observe = observe
  return { statisticsUs: (inStatistics * 1000) / done, lifecycleUs: (total * 1000) / done }
}
