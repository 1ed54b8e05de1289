/**
 * Routing engine benchmarks (issue 4, "Speed").
 * Scenario: one multitasking workspace of N workers (skills, languages, levels; some with
 * capacity 2-3 on the default channel), 500 queues (target_workers over skills/languages/levels,
 * a few broad `1==1`), 50 workflows of 5-20 filters routing to them (some targets with a
 * `task.`-dependent worker expression, every workflow with a broad default filter). Tasks arrive
 * continuously (the clock moves 5 ms per task); each is reserved, accepted, and completed after
 * IN_FLIGHT_PER_WORKER * N later tasks, so a steady share of workers is busy.
 * - engine.tasks_per_sec_15k: full lifecycles (create -> reservation -> accept -> complete) per
 *   second through Engine.execute, the engine's in-memory state being the store of record
 *   (statistics included: the engine feeds them on every command). Task inputs are generated
 *   before timing, so the loop measures the engine, not the harness.
 * - engine.tasks_per_sec_15k_memory_store: the same, with every outcome also committed to the
 *   in-memory store adapter (createMemoryStore, which deep-copies each batch).
 * - engine.tasks_per_sec_15k_no_statistics / engine.statistics_share_15k: the same lifecycles
 *   with the statistics observer switched off, and the share of a lifecycle statistics cost.
 * - engine.match_p99_us_15k: p99 of one `tasks.create` call that created a reservation (from
 *   task creation to reservation created, an eligible worker being free).
 * - engine.scaling_ratio_15k_vs_1k5: per-lifecycle cost at 15,000 workers / at 1,500.
 * - engine.tasks_per_sec_durable: the same lifecycle through createDispatch with the durable
 *   sql.js store (every command acknowledged after its journal fsync), CONCURRENCY lifecycles
 *   in flight so group commit can share fsyncs.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import type { MethodName, MethodParsedInput } from '../../src-main/contract/methods'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { sequentialIds } from '../../src-main/engine/ids'
import type { Change, Outcome } from '../../src-main/engine/model'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import { createMemoryStore } from '../../src-main/store/memoryStore'
import { sourceWorkerEntry } from '../store/helpers/sourceWorker'
import type { Metric } from './run'

const QUEUES = 500
const WORKFLOWS = 50
const SKILLS = 40
const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'ja']
const IN_FLIGHT_PER_WORKER = 0.05
/** ENGINE_BENCH_TASKS shrinks the measured run (e.g. to time a slow build quickly). */
const MEASURED_TASKS = Number(process.env.ENGINE_BENCH_TASKS ?? 40_000)
const WARMUP_TASKS = Math.ceil(MEASURED_TASKS / 8)
const DURABLE_WORKERS = 15_000
const DURABLE_SECONDS = Number(process.env.ENGINE_BENCH_DURABLE_S ?? 8)
const CONCURRENCY = 64

const built = join(import.meta.dirname, '../../out/main/storeWorker.js')
const storeSources = join(import.meta.dirname, '../../src-main/store')
const useBuilt = existsSync(built) && readdirSync(storeSources, { recursive: true, encoding: 'utf8' })
  .every((f) => statSync(join(storeSources, f)).mtimeMs <= statSync(built).mtimeMs)
const workerEntry = useBuilt ? pathToFileURL(built) : sourceWorkerEntry()

/** Deterministic PRNG (mulberry32), so every run builds the same workspace and traffic. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const skill = (i: number): string => `s${i}`

export interface Scenario {
  engine: Engine
  clock: FakeClock
  ws: string
  workflows: string[]
  /** Task attributes for the next arrival. */
  nextTask: () => { workflow_sid: string; attributes: string }
  setupSeconds: number
}

type Exec = <M extends MethodName>(method: M, input: MethodParsedInput<M>) => Outcome<unknown>

/** Builds the workspace on an engine; `sink` sees every outcome (the durable bench commits them). */
export function buildScenario(workerCount: number, sink?: (outcome: Outcome<unknown>) => void): Scenario {
  const started = performance.now()
  const clock = new FakeClock()
  const engine = new Engine({ clock, ids: sequentialIds() })
  const exec: Exec = (method, input) => {
    const outcome = engine.execute(method, input)
    sink?.(outcome)
    return outcome
  }
  const random = prng(42)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const ws = (exec('workspaces.create', { friendly_name: 'Bench', multi_task_enabled: true }).result as { sid: string }).sid
  const available = engine.query('activities.list', { workspace_sid: ws, friendly_name: 'Available' })[0]!.sid

  // Queues first: each worker is then evaluated against all 500 expressions when created.
  const queueSids: string[] = []
  const queueExpressions: string[] = []
  for (let q = 0; q < QUEUES; q++) {
    let expression: string
    if (q < 5) expression = '1==1'
    else if (q < 45) expression = `skills HAS '${skill(q % SKILLS)}'`
    else if (q < 85) expression = `languages HAS '${LANGUAGES[q % LANGUAGES.length]}' AND level >= ${1 + (q % 4)}`
    else expression = `skills HAS '${skill(q % SKILLS)}' AND languages HAS '${LANGUAGES[Math.floor(q / SKILLS) % LANGUAGES.length]}'${q % 3 === 0 ? ` AND level >= ${1 + (q % 3)}` : ''}`
    queueExpressions.push(expression)
    const max = q % 25 === 0 ? 2 : 1
    queueSids.push((exec('queues.create', { workspace_sid: ws, friendly_name: `Q${q}`, target_workers: expression, max_reserved_workers: max, task_order: q % 17 === 0 ? 'LIFO' : 'FIFO' }).result as { sid: string }).sid)
  }

  const workflows: string[] = []
  const workflowFilters: Array<Array<{ skill: string; language: string }>> = []
  for (let w = 0; w < WORKFLOWS; w++) {
    const filterCount = 5 + Math.floor(random() * 16)
    const filters = []
    const shapes: Array<{ skill: string; language: string }> = []
    for (let f = 0; f < filterCount; f++) {
      const q = 85 + Math.floor(random() * (QUEUES - 85))
      const s = skill(q % SKILLS)
      const language = LANGUAGES[Math.floor(q / SKILLS) % LANGUAGES.length]!
      shapes.push({ skill: s, language })
      const fallback = 5 + (q % SKILLS)
      const targets: object[] = [{ queue: queueSids[q], timeout: 300 }, { queue: queueSids[fallback], priority: 2 }]
      if (f % 4 === 0) targets[0] = { queue: queueSids[q], timeout: 300, expression: 'worker.level >= task.min_level' }
      filters.push({ filter_friendly_name: `F${f}`, expression: `skill == '${s}' AND language == '${language}'`, targets })
    }
    workflowFilters.push(shapes)
    const configuration = JSON.stringify({ task_routing: { filters, default_filter: { queue: queueSids[w % 5] } } })
    workflows.push((exec('workflows.create', { workspace_sid: ws, friendly_name: `WF${w}`, configuration, task_reservation_timeout: 600 }).result as { sid: string }).sid)
  }

  for (let i = 0; i < workerCount; i++) {
    const skills = new Set<string>()
    const skillCount = 3 + Math.floor(random() * 5)
    while (skills.size < skillCount) skills.add(skill(Math.floor(random() * SKILLS)))
    const languages = new Set<string>(['en'])
    const languageCount = Math.floor(random() * 3)
    for (let l = 0; l < languageCount; l++) languages.add(pick(LANGUAGES))
    const attributes = JSON.stringify({ skills: [...skills], languages: [...languages], level: 1 + Math.floor(random() * 5), region: pick(['emea', 'amer', 'apac']) })
    const sid = (exec('workers.create', { workspace_sid: ws, friendly_name: `agent-${i}`, attributes }).result as { sid: string }).sid
    if (i % 3 === 0) exec('workerChannels.update', { workspace_sid: ws, worker_sid: sid, sid: 'default', capacity: 2 + (i % 2) })
    exec('workers.update', { workspace_sid: ws, sid, activity_sid: available })
  }

  const nextTask = (): { workflow_sid: string; attributes: string } => {
    const w = Math.floor(random() * WORKFLOWS)
    const shapes = workflowFilters[w]!
    // Mostly a filter of the workflow matches; sometimes none does (default filter).
    const shape = random() < 0.9 ? pick(shapes) : { skill: 'none', language: 'xx' }
    return { workflow_sid: workflows[w]!, attributes: JSON.stringify({ skill: shape.skill, language: shape.language, min_level: 1 + Math.floor(random() * 3), customer: `c${Math.floor(random() * 1e6)}` }) }
  }
  return { engine, clock, ws, workflows, nextTask, setupSeconds: (performance.now() - started) / 1000 }
}

/**
 * Queues new pending reservations, one per task (accepting one rescinds the task's others):
 * [task SID, reservation SID] pairs appended to `into`. Returns whether there was any.
 */
function pendingReservations(changes: Change[], into: string[], queued: Set<string>): boolean {
  let any = false
  for (const change of changes) {
    if (change.op === 'put' && change.table === 'reservations' && change.row.reservation_status === 'pending') {
      if (!queued.has(change.row.task_sid)) {
        queued.add(change.row.task_sid)
        into.push(change.row.task_sid, change.row.sid)
      }
      any = true
    }
  }
  return any
}

export interface LoopResult {
  lifecycles: number
  seconds: number
  /** CPU time of this process during the loop (user + system): robust to a shared, busy machine. */
  cpuSeconds: number
  /** Duration of every tasks.create that created a reservation, in microseconds. */
  matchUs: Float64Array
}

/**
 * Runs `tasks` arrivals through the engine directly; every reservation is accepted, every task
 * completed. Task inputs are generated before the clock starts, so the timed loop is engine
 * calls plus a scan of their change sets; `sink` sees every outcome inside the timed loop.
 */
export function runLifecycles(scenario: Scenario, workerCount: number, tasks: number, sink?: (outcome: Outcome<unknown>) => void): LoopResult {
  const { engine, clock, ws } = scenario
  const inFlight = Math.max(1, Math.round(workerCount * IN_FLIGHT_PER_WORKER))
  const inputs = Array.from({ length: tasks }, () => scenario.nextTask())
  const toAccept: string[] = []
  const queued = new Set<string>()
  const assigned: string[] = []
  let assignedHead = 0
  const matchUs = new Float64Array(tasks)
  let matched = 0
  let completed = 0
  const cpuStarted = process.cpuUsage()
  const started = performance.now()
  for (let n = 0; n < tasks; n++) {
    clock.advance(5)
    const input = inputs[n]!
    const t0 = performance.now()
    const created = engine.execute('tasks.create', { workspace_sid: ws, workflow_sid: input.workflow_sid, attributes: input.attributes })
    const t1 = performance.now()
    sink?.(created)
    if (pendingReservations(created.changes, toAccept, queued)) matchUs[matched++] = (t1 - t0) * 1000
    for (let next = 0; next < toAccept.length; next += 2) {
      const taskSid = toAccept[next]!
      queued.delete(taskSid)
      const accepted = engine.execute('reservations.update', { workspace_sid: ws, sid: toAccept[next + 1]!, reservation_status: 'accepted' })
      sink?.(accepted)
      assigned.push(taskSid)
      pendingReservations(accepted.changes, toAccept, queued)
    }
    toAccept.length = 0
    while (assigned.length - assignedHead > inFlight) {
      const taskSid = assigned[assignedHead++]!
      const done = engine.execute('tasks.update', { workspace_sid: ws, sid: taskSid, assignment_status: 'completed' })
      sink?.(done)
      completed += 1
      // Work the freed worker picked up is accepted in the next arrival's round.
      pendingReservations(done.changes, toAccept, queued)
    }
    if (assignedHead > 100_000) {
      assigned.splice(0, assignedHead)
      assignedHead = 0
    }
  }
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuStarted)
  return { lifecycles: completed, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, matchUs: matchUs.subarray(0, matched) }
}

function percentile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort()
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

interface InMemoryResult {
  setupSeconds: number
  perSecond: number
  usPerTask: number
  /** Lifecycles per CPU second (the wall-clock rate a quiet core would give). */
  perCpuSecond: number
  p50: number
  p99: number
  matched: number
  /** Lifecycles per second with every outcome also committed to the in-memory store. */
  withMemoryStorePerSecond: number | undefined
  /** Lifecycles per second with the statistics observer switched off. */
  withoutStatisticsPerSecond: number | undefined
}

export function inMemory(workerCount: number, options: { variants?: boolean } = {}): InMemoryResult {
  const scenario = buildScenario(workerCount)
  runLifecycles(scenario, workerCount, WARMUP_TASKS)
  const result = runLifecycles(scenario, workerCount, MEASURED_TASKS)
  let withMemoryStorePerSecond: number | undefined
  let withoutStatisticsPerSecond: number | undefined
  if (options.variants) {
    const store = createMemoryStore()
    // The adapter deep-copies synchronously inside commit(); its promise only reports errors.
    const commit = (outcome: Outcome<unknown>): void => void store.commit({ changes: outcome.changes, events: outcome.events }).catch((error: unknown) => { throw error })
    const stored = runLifecycles(scenario, workerCount, Math.ceil(MEASURED_TASKS / 4), commit)
    withMemoryStorePerSecond = stored.lifecycles / stored.seconds
    // Measurement only: this engine's statistics stop seeing events from here on.
    scenario.engine.statistics.observe = () => {}
    const bare = runLifecycles(scenario, workerCount, Math.ceil(MEASURED_TASKS / 4))
    withoutStatisticsPerSecond = bare.lifecycles / bare.seconds
  }
  return {
    setupSeconds: scenario.setupSeconds,
    perSecond: result.lifecycles / result.seconds,
    usPerTask: (result.seconds * 1e6) / result.lifecycles,
    perCpuSecond: result.lifecycles / result.cpuSeconds,
    p50: percentile(result.matchUs, 50),
    p99: percentile(result.matchUs, 99),
    matched: result.matchUs.length / MEASURED_TASKS,
    withMemoryStorePerSecond,
    withoutStatisticsPerSecond,
  }
}

async function durable(workerCount: number): Promise<Metric[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'routedesk-engine-bench-'))
  const store = await openDurableStore({ dataDir, workerEntry })
  try {
    // Setup straight into the store in large batches (what dispatch would persist, batched).
    const setupStarted = performance.now()
    let batch: { changes: Change[]; events: Outcome<unknown>['events'] } = { changes: [], events: [] }
    const pendingCommits: Promise<void>[] = []
    const scenario = buildScenario(workerCount, (outcome) => {
      batch.changes.push(...outcome.changes)
      batch.events.push(...outcome.events)
      if (batch.changes.length + batch.events.length > 20_000) {
        pendingCommits.push(store.commit(batch))
        batch = { changes: [], events: [] }
      }
    })
    pendingCommits.push(store.commit(batch))
    await Promise.all(pendingCommits)
    const setupSeconds = (performance.now() - setupStarted) / 1000

    const dispatch = createDispatch({ engine: scenario.engine, store, bus: new EventBus(), info: { version: 'bench', mode: 'headless', dataDir } })
    const { ws, clock } = scenario
    const call = async (method: MethodName, input: object): Promise<Record<string, unknown>> => {
      const result = await dispatch(method, input)
      if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`)
      return result.data as Record<string, unknown>
    }
    let completed = 0
    let stop = false
    const lifecycle = async (): Promise<void> => {
      while (!stop) {
        clock.advance(1)
        const input = scenario.nextTask()
        const task = await call('tasks.create', { workspace_sid: ws, ...input })
        // The reservation is created in the same command when a worker is free.
        const pending = scenario.engine.query('reservations.list', { workspace_sid: ws, task_sid: task.sid as string, reservation_status: 'pending' })
        if (pending.length === 0) continue
        await call('reservations.update', { workspace_sid: ws, sid: pending[0]!.sid, reservation_status: 'accepted' })
        await call('tasks.update', { workspace_sid: ws, sid: task.sid as string, assignment_status: 'completed' })
        completed += 1
      }
    }
    const started = performance.now()
    const timer = setTimeout(() => (stop = true), DURABLE_SECONDS * 1000)
    await Promise.all(Array.from({ length: CONCURRENCY }, lifecycle))
    clearTimeout(timer)
    const seconds = (performance.now() - started) / 1000
    const stats = store.stats()
    return [
      { name: 'engine.tasks_per_sec_durable', value: Math.round(completed / seconds), unit: `lifecycles/s via dispatch + durable sql.js store (${workerCount} workers, ${CONCURRENCY} concurrent, ${useBuilt ? 'built' : 'source'} store worker)` },
      { name: 'engine.durable_commits_per_fsync', value: stats.commits / Math.max(1, stats.groupCommits), unit: 'commits per group write during the durable run' },
      { name: 'engine.durable_setup_s', value: setupSeconds, unit: `s to build ${workerCount} workers and commit them in batches` },
    ]
  } finally {
    await store.close().catch(() => undefined)
    await rm(dataDir, { recursive: true, force: true })
  }
}

export async function run(): Promise<Metric[]> {
  const small = inMemory(1_500)
  const large = inMemory(15_000, { variants: true })
  const metrics: Metric[] = [
    { name: 'engine.tasks_per_sec_15k', value: Math.round(large.perSecond), unit: `lifecycles/s (15,000 workers, ${QUEUES} queues, ${WORKFLOWS} workflows, ${MEASURED_TASKS} tasks; goal >= 20,000)` },
    { name: 'engine.match_p99_us_15k', value: large.p99, unit: `us per tasks.create that reserved a worker (p50 ${large.p50.toFixed(1)} us, ${(large.matched * 100).toFixed(0)}% of creates; goal <= 1,000)` },
    { name: 'engine.scaling_ratio_15k_vs_1k5', value: large.usPerTask / small.usPerTask, unit: `per-lifecycle cost ratio (${large.usPerTask.toFixed(1)} us / ${small.usPerTask.toFixed(1)} us; goal <= 1.5)` },
    { name: 'engine.tasks_per_cpu_sec_15k', value: Math.round(large.perCpuSecond), unit: 'lifecycles per CPU second of this process (same run; less sensitive to other load on the machine)' },
    { name: 'engine.tasks_per_sec_15k_memory_store', value: Math.round(large.withMemoryStorePerSecond ?? NaN), unit: 'lifecycles/s, every outcome also committed to the in-memory store adapter (deep copies)' },
    { name: 'engine.tasks_per_sec_15k_no_statistics', value: Math.round(large.withoutStatisticsPerSecond ?? NaN), unit: 'lifecycles/s with the statistics observer switched off (routing alone)' },
    { name: 'engine.statistics_share_15k', value: 1 - (large.withoutStatisticsPerSecond ? large.perSecond / large.withoutStatisticsPerSecond : NaN), unit: 'share of a lifecycle spent in statistics (1 - with / without)' },
    { name: 'engine.tasks_per_sec_1k5', value: Math.round(small.perSecond), unit: 'lifecycles/s (1,500 workers, same queues and workflows)' },
    { name: 'engine.setup_15k_s', value: large.setupSeconds, unit: `s to create ${QUEUES} queues, ${WORKFLOWS} workflows, 15,000 workers (each evaluated against every queue)` },
  ]
  metrics.push(...(await durable(DURABLE_WORKERS)))
  return metrics
}
