/**
 * Workflow builder benchmarks.
 * - workflows.check_ms_50_filters: milliseconds per `workflows.check` of a 50-filter workflow
 *   (3 targets each, with target expressions, skip_if and order_by) in a workspace of 12
 *   queues, 300 workers and 1,000 recent tasks, as the builder calls it on each edit: the
 *   same workspace, a text that differs from the previous call by one character (one filter's
 *   expression). Median of ROUNDS calls after a warm-up. Goal: under 20 ms, so validate-as-
 *   you-type keeps up with typing.
 * - workflows.check_ms_50_filters_cold: the first call after the workspace changed (a worker
 *   update bumps it), which cannot reuse the lint of the previous call.
 * - workflows.check_cpu_ms_50_filters: the first metric in CPU time of this process, which a
 *   machine busy with other work inflates less than wall time.
 */
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { sequentialIds } from '../../src-main/engine/ids'
import type { Metric } from './run'

const QUEUES = 12
const WORKERS = 300
const TASKS = 1000
const FILTERS = 50
const ROUNDS = 41

const SKILLS = ['support', 'sales', 'billing', 'returns', 'vip', 'tech']
const LANGUAGES = ['en', 'es', 'fr', 'de']

interface Workspace {
  engine: Engine
  ws: string
  workflowSid: string
  queueSids: string[]
  firstWorkerSid: string
}

function workspace(): Workspace {
  const engine = new Engine({ clock: new FakeClock(), ids: sequentialIds() })
  const ws = engine.execute('workspaces.create', { friendly_name: 'Bench', multi_task_enabled: true }).result.sid
  const available = engine.query('activities.list', { workspace_sid: ws, friendly_name: 'Available' })[0]!.sid
  const queueSids: string[] = []
  for (let index = 0; index < QUEUES; index++) {
    const skill = SKILLS[index % SKILLS.length]!
    const language = LANGUAGES[index % LANGUAGES.length]!
    queueSids.push(engine.execute('queues.create', { workspace_sid: ws, friendly_name: `Queue ${index}`, target_workers: `skills HAS "${skill}" AND languages HAS "${language}"` }).result.sid)
  }
  let firstWorkerSid = ''
  for (let index = 0; index < WORKERS; index++) {
    const attributes = { skills: [SKILLS[index % 6]!, SKILLS[(index * 7) % 6]!], languages: [LANGUAGES[index % 4]!, LANGUAGES[(index * 3) % 4]!], level: index % 10 }
    const sid = engine.execute('workers.create', { workspace_sid: ws, friendly_name: `Worker ${index}`, attributes: JSON.stringify(attributes), activity_sid: available }).result.sid
    if (index === 0) firstWorkerSid = sid
  }
  const workflowSid = engine.execute('workflows.create', { workspace_sid: ws, friendly_name: 'Bench', configuration: configuration(queueSids, '') }).result.sid
  for (let index = 0; index < TASKS; index++) {
    const attributes = { type: SKILLS[index % 6], language: LANGUAGES[index % 4], tier: index % 3 === 0 ? 'gold' : 'silver', customer: { region: index % 2 ? 'emea' : 'amer', value: index % 500 } }
    engine.execute('tasks.create', { workspace_sid: ws, workflow_sid: workflowSid, attributes: JSON.stringify(attributes) })
  }
  return { engine, ws, workflowSid, queueSids, firstWorkerSid }
}

/** 50 filters; `edit` is appended to the last filter's string literal (an admin typing in it). */
function configuration(queueSids: readonly string[], edit: string): string {
  const filters = Array.from({ length: FILTERS }, (_unused, index) => {
    const skill = SKILLS[index % SKILLS.length]!
    const language = LANGUAGES[index % LANGUAGES.length]!
    const literal = index === FILTERS - 1 ? `${language}${edit}` : language
    return {
      filter_friendly_name: `Filter ${index}`,
      expression: `type == "${skill}" AND language == "${literal}" AND customer.value > ${index * 10}`,
      targets: [
        { queue: queueSids[index % queueSids.length], expression: 'worker.level >= 5', priority: 10, timeout: 30, order_by: 'worker.level DESC' },
        { queue: queueSids[(index + 1) % queueSids.length], skip_if: 'workers.available == 0', timeout: 60 },
        { queue: queueSids[(index + 2) % queueSids.length], expression: `task.tier == "gold" OR worker.level > ${index % 10}` },
      ],
    }
  })
  return JSON.stringify({ task_routing: { filters, default_filter: { queue: queueSids[0] } } })
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

export async function run(): Promise<Metric[]> {
  const { engine, ws, workflowSid, queueSids, firstWorkerSid } = workspace()
  const cpu: number[] = []
  const check = (edit: string): number => {
    const text = configuration(queueSids, edit)
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const result = engine.query('workflows.check', { workspace_sid: ws, workflow_sid: workflowSid, configuration: text })
    const elapsed = performance.now() - started
    const cpuUsed = process.cpuUsage(cpuBefore)
    cpu.push((cpuUsed.user + cpuUsed.system) / 1000)
    if (!result.ok) throw new Error(`the bench configuration should check clean: ${result.problems[0]?.message}`)
    return elapsed
  }
  for (let warmup = 0; warmup < 5; warmup++) check(`w${warmup}`)
  const warm: number[] = []
  const cold: number[] = []
  cpu.length = 0
  for (let round = 0; round < ROUNDS; round++) warm.push(check('x'.repeat(round)))
  const warmCpu = [...cpu]
  for (let round = 0; round < 11; round++) {
    engine.execute('workers.update', { workspace_sid: ws, sid: firstWorkerSid, attributes: JSON.stringify({ skills: ['support'], languages: ['en'], level: round }) })
    cold.push(check(`c${round}`))
  }
  const shape = `(${FILTERS} filters x 3 targets, ${QUEUES} queues, ${WORKERS} workers, ${TASKS} tasks)`
  return [
    { name: 'workflows.check_ms_50_filters', value: Number(median(warm).toFixed(2)), unit: `ms per check while editing, median of ${ROUNDS} ${shape}; goal < 20` },
    { name: 'workflows.check_cpu_ms_50_filters', value: Number(median(warmCpu).toFixed(2)), unit: `CPU ms of this process per check while editing (steadier than wall time on a busy machine) ${shape}` },
    { name: 'workflows.check_ms_50_filters_cold', value: Number(median(cold).toFixed(2)), unit: `ms per check after the workspace changed, median of 11 ${shape}` },
  ]
}
