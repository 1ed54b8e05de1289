import { describe, expect, it } from 'vitest'
import type { DomainEvent } from '../../../src-main/contract/resources'
import { CumulativeStats, COUNTERS, DURATIONS } from '../../../src-main/engine/statistics/cumulative'
import type { WorkspaceState } from '../../../src-main/engine/configuration/workspaceState'
import { occupancyPercent } from '../../../src-main/engine/statistics/occupancy'
import { RealtimeStats, type TaskTally, type WorkerTally } from '../../../src-main/engine/statistics/realtime'
import { routingFixture } from '../routing/fixture'

/** Deterministic PRNG (mulberry32). */
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

const SKILLS = ['sales', 'support', 'billing']
const CHANNELS = ['default', 'voice', 'chat']

/**
 * Runs a randomized contact center through the engine: every kind of command and timer. The
 * clock jumps up to `maxGapMs` between commands (long gaps make the run span several hours,
 * so whole-hour roll-ups are read). `afterChange` runs after every command and every timer.
 */
function simulate(seed: number, steps: number, maxGapMs = 20_000, afterChange: (f: ReturnType<typeof routingFixture>) => void = () => {}) {
  const rnd = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
  const f = routingFixture({ multitask: seed % 2 === 0 })
  f.engine.onBackgroundOutcome((outcome) => {
    f.events.push(...outcome.events)
    afterChange(f)
  })
  // Commands outside the fixture's helpers: their events must be collected too.
  const exec = ((method: string, input: object) => f.events.push(...f.engine.execute(method as 'tasks.delete', input as never).events)) as (method: string, input: object) => void
  exec('workspaces.update', { sid: f.ws, timeout_activity_sid: f.activity('Break') })
  for (const skill of SKILLS) f.queue(skill, `skills HAS "${skill}"`)
  f.queue('overflow', '1==1')
  const workflow = f.workflow({
    filters: SKILLS.map((skill) => ({ filter_friendly_name: skill, expression: `need == "${skill}"`, targets: [{ queue: skill, timeout: 40 }, { queue: 'overflow', timeout: 60, priority: 9 }] })),
    default_filter: { queue: 'overflow' },
  }, { task_reservation_timeout: 25 })
  const workers: string[] = []
  for (let i = 0; i < 12; i++) {
    const name = `W${i}`
    f.worker(name, { skills: SKILLS.filter(() => rnd() < 0.5) }, { available: rnd() < 0.7, capacity: { chat: 2 } })
    workers.push(name)
  }
  const tasks: string[] = []
  const attempt = (action: () => unknown): void => {
    try {
      action()
    } catch {
      // Invalid moves (a task no longer pending, ...) are part of the game.
    }
  }
  for (let step = 0; step < steps; step++) {
    const roll = rnd()
    if (roll < 0.25) {
      attempt(() => tasks.push(f.task({ need: pick([...SKILLS, 'other']) }, { workflow_sid: workflow, priority: Math.floor(rnd() * 3), task_channel: pick(CHANNELS), timeout: 600 }).sid))
    } else if (roll < 0.45) {
      const pending = f.reservations({ reservation_status: 'pending' })
      if (pending.length > 0) attempt(() => f.respond(pick(pending).sid, { reservation_status: rnd() < 0.8 ? 'accepted' : 'rejected' }))
    } else if (roll < 0.58 && tasks.length > 0) {
      const sid = pick(tasks)
      attempt(() => f.updateTask(sid, { assignment_status: rnd() < 0.5 ? 'wrapping' : 'completed' }))
    } else if (roll < 0.63 && tasks.length > 0) {
      attempt(() => f.updateTask(pick(tasks), { assignment_status: 'canceled' }))
    } else if (roll < 0.72) {
      attempt(() => f.setActivity(pick(workers), pick(['Available', 'Available', 'Break', 'Offline', 'Unavailable'])))
    } else if (roll < 0.75) {
      attempt(() => exec('workers.update', { workspace_sid: f.ws, sid: f.workerSid(pick(workers)), attributes: JSON.stringify({ skills: SKILLS.filter(() => rnd() < 0.5) }) }))
    } else if (roll < 0.77 && tasks.length > 0) {
      attempt(() => f.updateTask(pick(tasks), { priority: Math.floor(rnd() * 5) }))
    } else if (roll < 0.78 && tasks.length > 0) {
      const sid = pick(tasks)
      attempt(() => exec('tasks.delete', { workspace_sid: f.ws, sid }))
    } else if (roll < 0.785) {
      attempt(() => exec('queues.update', { workspace_sid: f.ws, sid: f.queueSid(pick(SKILLS)), target_workers: `skills HAS "${pick(SKILLS)}"` }))
    } else if (roll < 0.79) {
      attempt(() => exec('workerChannels.update', { workspace_sid: f.ws, worker_sid: f.workerSid(pick(workers)), sid: pick(CHANNELS), available: rnd() < 0.6 }))
    } else {
      f.clock.advance(Math.floor(rnd() * maxGapMs))
    }
    afterChange(f)
  }
  return f
}

function workerTallies(map: Map<string, WorkerTally>, activities: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, t] of map) {
    if (t.total === 0) continue
    out[key] = { total: t.total, available: t.available, unavailable: t.unavailable, offline: t.offline, busy: t.busy, idle: t.idle, byActivity: activities.map((sid) => t.workersIn(sid)) }
  }
  return out
}

function taskTallies(rt: RealtimeStats, map: Map<string, TaskTally>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, t] of map) {
    if (t.total === 0) continue
    out[key] = {
      byStatus: [t.pending, t.reserved, t.assigned, t.wrapping],
      byPriority: Object.fromEntries([...t.byPriority].sort()),
      oldest: rt.oldestWaiting(t)?.sid ?? null,
      oldestInQueue: key.startsWith('q:') ? rt.oldestWaiting(t, true)?.sid ?? null : null,
    }
  }
  return out
}

function cumulativeDump(stats: CumulativeStats, from: number, to: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of stats.scopes().sort()) {
    const [scope, channel] = key.split('|') as [string, string]
    const a = stats.aggregate(scope, channel, from, to)
    out[key] = {
      counters: Object.fromEntries(COUNTERS.map((name) => [name, a.count(name)])),
      durations: Object.fromEntries(DURATIONS.map((name) => [name, a.duration(name)])),
      below: [a.below('accepted', [0, 5, 20, 60]), a.below('canceled', [5, 20, 60]), a.below('in_queue_accepted', [20]), a.below('in_queue_canceled', [10])],
      activities: Object.fromEntries([...a.activities].sort()),
    }
  }
  return out
}

/** Busy and available-idle worker counts of a worker scope, counted from the state by brute force. */
function agentCounts(state: WorkspaceState, scope: string): { busy: number; idle: number } {
  const busyWorkers = new Set<string>()
  for (const reservation of state.reservations.values()) {
    if (reservation.reservation_status === 'accepted' || reservation.reservation_status === 'wrapping') busyWorkers.add(reservation.worker_sid)
  }
  let busy = 0
  let idle = 0
  for (const worker of state.workers.values()) {
    const queues = state.workerRuntime.get(worker.sid)!.queues
    const inScope = scope === 'ws' || (scope === 'anyq' ? queues.size > 0 : queues.has(scope.slice(2)))
    if (!inScope) continue
    if (busyWorkers.has(worker.sid)) busy++
    else if (state.activities.find(worker.activity_sid)?.available) idle++
  }
  return { busy, idle }
}

/** Step functions of busy/idle counts per scope, sampled after every change; integrates any window. */
class AgentTimeline {
  private readonly steps = new Map<string, { t: number; busy: number; idle: number }[]>()

  sample(state: WorkspaceState, now: number): void {
    const scopes = ['ws', 'anyq', ...[...state.queues.values()].map((queue) => `q:${queue.sid}`)]
    for (const scope of scopes) {
      let list = this.steps.get(scope)
      if (!list) this.steps.set(scope, (list = []))
      const counts = agentCounts(state, scope)
      const last = list[list.length - 1]
      if (last && last.t === now) Object.assign(last, counts)
      else list.push({ t: now, ...counts })
    }
  }

  scopes(): string[] {
    return [...this.steps.keys()]
  }

  between(scope: string, start: number, end: number): { busyMs: number; idleMs: number } {
    const list = this.steps.get(scope) ?? []
    let busyMs = 0
    let idleMs = 0
    list.forEach((step, index) => {
      const from = Math.max(start, step.t)
      const to = Math.min(end, list[index + 1]?.t ?? end)
      if (to <= from) return
      busyMs += step.busy * (to - from)
      idleMs += step.idle * (to - from)
    })
    return { busyMs, idleMs }
  }
}

/** The events regrouped task by task (each task's own events still in order): most minutes then arrive out of order. */
function groupedByTask(events: readonly DomainEvent[]): DomainEvent[] {
  const groups = new Map<string, DomainEvent[]>()
  for (const event of events) {
    const k = event.event_data.task_sid ?? `other:${event.event_data.worker_sid ?? ''}`
    let group = groups.get(k)
    if (!group) groups.set(k, (group = []))
    group.push(event)
  }
  return [...groups.values()].flat()
}

describe('statistics rebuilt from raw events and state agree with the incremental ones', () => {
  it.each([1, 2, 3, 4])('randomized simulation, seed %i', (seed) => {
    const f = simulate(seed, 1500)
    const stats = f.engine.statistics.get(f.ws)!
    expect(f.events.length).toBeGreaterThan(1000)

    // Real-time: recount from the state.
    const recount = new RealtimeStats(stats.state, f.clock.now())
    const activities = [...stats.state.activities.values()].map((activity) => activity.sid)
    expect(workerTallies(stats.realtime.workerTallies, activities)).toEqual(workerTallies(recount.workerTallies, activities))
    expect(taskTallies(stats.realtime, stats.realtime.taskTallies)).toEqual(taskTallies(recount, recount.taskTallies))
    // Eligible workers equal the routing membership; workspace task totals equal the live tasks.
    for (const queue of f.engine.query('queues.list', { workspace_sid: f.ws })) {
      const rt = f.engine.query('statsRealtime.queue', { workspace_sid: f.ws, task_queue_sid: queue.sid })
      expect(rt.total_eligible_workers).toBe(f.engine.query('workers.list', { workspace_sid: f.ws, task_queue_sid: queue.sid }).length)
    }
    const live = f.engine.query('tasks.list', { workspace_sid: f.ws, assignment_status: ['pending', 'reserved', 'assigned', 'wrapping'] })
    expect(f.engine.query('statsRealtime.workspace', { workspace_sid: f.ws }).total_tasks).toBe(live.length)

    // Cumulative: rebuild from the raw events (shuffled by workspace replay's sort) and compare.
    const rebuilt = new CumulativeStats()
    for (const event of [...f.events].sort((a, b) => a.event_date_ms - b.event_date_ms)) rebuilt.observe(event)
    const now = Math.floor(f.clock.now() / 60_000)
    for (const [from, to] of [[0, now], [now - 15, now], [now - 40, now - 10]] as const) {
      expect(cumulativeDump(stats.cumulative, from, to)).toEqual(cumulativeDump(rebuilt, from, to))
    }

    // And against numbers counted straight from the events, through the public query.
    const minutes = 30
    const cumulative = f.engine.query('statsCumulative.workspace', { workspace_sid: f.ws, minutes, split_by_wait_time: '20,60' })
    const since = (now - minutes) * 60_000
    const inWindow = f.events.filter((e) => e.event_date_ms >= since)
    const ofType = (type: string): DomainEvent[] => inWindow.filter((e) => e.event_type === type)
    const waitOf = (e: DomainEvent): number => Math.floor((e.event_date_ms - Number(e.event_data.task_date_created_ms)) / 1000)
    expect(cumulative.tasks_created).toBe(ofType('task.created').length)
    expect(cumulative.tasks_canceled).toBe(ofType('task.canceled').length)
    expect(cumulative.tasks_completed).toBe(ofType('task.completed').length)
    expect(cumulative.reservations_accepted).toBe(ofType('reservation.accepted').length)
    expect(cumulative.reservations_timed_out).toBe(ofType('reservation.timeout').length)
    expect(cumulative.tasks_timed_out_in_workflow).toBe(ofType('workflow.timeout').length)
    const acceptedWaits = ofType('reservation.accepted').map(waitOf)
    expect(cumulative.wait_duration_until_accepted.total).toBe(acceptedWaits.reduce((a, b) => a + b, 0))
    expect(cumulative.wait_duration_until_accepted.max).toBe(acceptedWaits.length ? Math.max(...acceptedWaits) : 0)
    expect(cumulative.split_by_wait_time!['20']!.below.reservations_accepted).toBe(acceptedWaits.filter((w) => w < 20).length)
    expect(cumulative.split_by_wait_time!['60']!.above.tasks_canceled).toBe(ofType('task.canceled').map(waitOf).filter((w) => w >= 60).length)
  })

  it.each([5, 6])('hours of traffic (seed %i): hour roll-ups, "today" KPIs and occupancy match a rebuild from raw events and state', (seed) => {
    const timeline = new AgentTimeline()
    const started = routingFixture().clock.now()
    const f = simulate(seed, 1500, 90_000, (fixture) => timeline.sample(fixture.engine.statistics.get(fixture.ws)!.state, fixture.clock.now()))
    const stats = f.engine.statistics.get(f.ws)!
    const nowMs = f.clock.now()
    const now = Math.floor(nowMs / 60_000)
    expect(nowMs - started).toBeGreaterThan(3 * 3600_000)

    // Roll-ups folded in time order equal roll-ups rebuilt from minutes fed out of order.
    const inOrder = new CumulativeStats()
    for (const event of [...f.events].sort((a, b) => a.event_date_ms - b.event_date_ms)) inOrder.observe(event)
    const outOfOrder = new CumulativeStats()
    for (const event of groupedByTask(f.events)) outOfOrder.observe(event)
    const first = Math.floor(started / 60_000)
    for (const [from, to] of [[0, now], [first + 30, now - 45], [first + 60, first + 179], [now - 15, now]] as const) {
      const incremental = cumulativeDump(stats.cumulative, from, to)
      expect(cumulativeDump(inOrder, from, to)).toEqual(incremental)
      expect(cumulativeDump(outOfOrder, from, to)).toEqual(incremental)
    }

    // "Today" KPIs per queue against counts straight from the events (the day began at 00:00 UTC).
    const today = f.engine.query('stats.kpis', { workspace_sid: f.ws, window: 'today' })
    for (const queue of today.queues) {
      const ofQueue = (type: string): DomainEvent[] => f.events.filter((e) => e.event_type === type && e.event_data.task_queue_sid === queue.task_queue_sid)
      const inQueueWait = (e: DomainEvent): number => Math.floor((e.event_date_ms - Number(e.event_data.task_queue_entered_date_ms)) / 1000)
      const accepted = ofQueue('reservation.accepted')
      const canceled = ofQueue('task.canceled')
      const within = accepted.filter((e) => inQueueWait(e) < queue.sla_threshold_seconds).length
      const short = canceled.filter((e) => inQueueWait(e) < queue.short_abandon_seconds).length
      const period = queue.kpis.period!
      expect(period).toMatchObject({ accepted: accepted.length, abandoned: canceled.length, accepted_within_sla: within, short_abandoned: short, completed: ofQueue('task.completed').length })
      const denominator = accepted.length + canceled.length - short
      expect(period.sla_percent).toBe(denominator > 0 ? Math.round((within / denominator) * 1000) / 10 : null)
    }

    // Occupancy ledgers against busy/idle counts integrated from state samples.
    for (const scope of timeline.scopes()) {
      const ledger = stats.realtime.ledger(scope)
      for (const start of [first * 60_000, (now - 30) * 60_000, (first + 95) * 60_000]) {
        const expected = timeline.between(scope, start, nowMs)
        expect({ scope, start, ...(ledger?.between(start, nowMs) ?? { busyMs: 0, idleMs: 0 }) }).toEqual({ scope, start, ...expected })
      }
    }
    const kpis30m = f.engine.query('stats.kpis', { workspace_sid: f.ws, window: '30m' })
    const rollupTime = timeline.between('anyq', (now - 30) * 60_000, nowMs)
    expect(kpis30m.rollup.period!.occupancy).toBe(occupancyPercent(rollupTime))
  })
})
