import type { DomainEvent } from '../../contract/resources'
import { Aggregate, type Bucket, BucketSeries, counterIndex, durationIndex } from './buckets'
import { ALL } from './realtime'

export { Aggregate, COUNTERS, DURATIONS, type Counter, type DurationName, type DurationStat } from './buckets'

/**
 * Cumulative statistics from per-minute buckets (with hourly roll-ups, buckets.ts), built from
 * events alone, so start-up can rebuild them from the stored Events log and a test can rebuild
 * them and compare.
 *
 * Buckets are kept per scope (workspace, each queue, workflow and worker) and channel (all
 * channels, and each TaskChannel SID), one per minute that saw something, for
 * RETENTION_MINUTES. A window sums the buckets of the minutes it touches: minute resolution,
 * start aligned down.
 *
 * The write path is on every engine outcome, so it resolves each event's target buckets once
 * into a reused array (a few map lookups by SID; no string building, no closures) and then
 * does plain arithmetic on them.
 *
 * Waits are whole seconds (floor of the milliseconds), so totals are exact integers and the
 * per-second histograms answer any whole-second threshold exactly: a wait is *below* T when it
 * is less than T seconds (`SplitByWaitTime`, SLA threshold, short abandon time).
 */

export const RETENTION_MINUTES = 30 * 24 * 60
/**
 * Per-worker buckets are kept for 24 hours only: a minute bucket per worker for 30 days would
 * cost gigabytes at 15,000 workers. Workspace, queue and workflow buckets keep the full 30 days.
 */
export const WORKER_RETENTION_MINUTES = 24 * 60
const MINUTE = 60_000

/** One scope's buckets: all channels together, and per channel. */
class ScopeSeries {
  readonly all = new BucketSeries()
  readonly byChannel = new Map<string, BucketSeries>()

  channel(sid: string): BucketSeries {
    let series = this.byChannel.get(sid)
    if (!series) this.byChannel.set(sid, (series = new BucketSeries()))
    return series
  }

  /** The buckets at `minute` of all channels and of `channel`, appended to `into` from `n`. */
  push(into: Bucket[], n: number, channel: string | null, minute: number): number {
    into[n++] = this.all.at(minute)
    if (channel !== null) into[n++] = this.channel(channel).at(minute)
    return n
  }

  prune(beforeMinute: number): boolean {
    this.all.prune(beforeMinute)
    for (const [sid, series] of this.byChannel) {
      series.prune(beforeMinute)
      if (series.buckets.length === 0) this.byChannel.delete(sid)
    }
    return this.all.buckets.length === 0 && this.byChannel.size === 0
  }
}

const RESERVATION_COUNTERS: Readonly<Record<string, number>> = {
  'reservation.created': counterIndex.reservations_created,
  'reservation.accepted': counterIndex.reservations_accepted,
  'reservation.rejected': counterIndex.reservations_rejected,
  'reservation.timeout': counterIndex.reservations_timed_out,
  'reservation.canceled': counterIndex.reservations_canceled,
  'reservation.rescinded': counterIndex.reservations_rescinded,
}

const C = counterIndex
const D = durationIndex

/** What the cumulative side remembers per task between events (handle time needs the accept). */
interface TaskMemory {
  accepted: number
  wrap: number | undefined
}

const secondsBetween = (fromMs: number, toMs: number): number => Math.max(0, Math.floor((toMs - fromMs) / 1000))

/**
 * Cumulative statistics of one workspace. Feed events in time order with `observe` (older
 * events are accepted too, at some cost); read any window with `aggregate`.
 */
export class CumulativeStats {
  private readonly workspace = new ScopeSeries()
  private readonly queues = new Map<string, ScopeSeries>()
  private readonly workflows = new Map<string, ScopeSeries>()
  private readonly workers = new Map<string, ScopeSeries>()
  private readonly memory = new Map<string, TaskMemory>()
  private latestMinute = -Infinity
  /** The current event's target buckets: task scopes first, then the worker's. */
  private readonly targets: Bucket[] = []
  /** Where the queue's buckets are in `targets`: [queueFrom, queueTo), empty without a queue. */
  private queueFrom = 0
  private queueTo = 0

  observe(event: DomainEvent): void {
    const data = event.event_data
    const at = event.event_date_ms
    const minute = Math.floor(at / MINUTE)
    if (minute > this.latestMinute) this.advanceTo(minute)
    const type = event.event_type
    const channel = data.task_channel_sid ?? null

    const reservationCounter = RESERVATION_COUNTERS[type]
    if (reservationCounter !== undefined) {
      const taskEnd = this.collectTaskScopes(data, channel, minute)
      const workerSid = data.worker_sid
      const end = workerSid ? scopeOf(this.workers, workerSid).push(this.targets, taskEnd, channel, minute) : taskEnd
      this.count(end, reservationCounter)
      if (reservationCounter === C.reservations_accepted) {
        const created = numberOf(data.task_date_created_ms) ?? at
        this.duration(taskEnd, D.accepted, secondsBetween(created, at))
        this.queueDuration(D.in_queue_accepted, secondsBetween(numberOf(data.task_queue_entered_date_ms) ?? created, at))
        if (data.task_sid) this.memory.set(data.task_sid, { accepted: at, wrap: undefined })
      }
      return
    }
    switch (type) {
      case 'task.created':
        this.count(this.workspace.push(this.targets, 0, channel, minute), C.tasks_created)
        return
      case 'workflow.entered':
        if (data.workflow_sid) this.count(scopeOf(this.workflows, data.workflow_sid).push(this.targets, 0, channel, minute), C.tasks_entered)
        return
      case 'task-queue.entered':
        if (data.task_queue_sid) this.count(scopeOf(this.queues, data.task_queue_sid).push(this.targets, 0, channel, minute), C.tasks_entered)
        return
      case 'task-queue.moved': {
        if (data.task_queue_sid) this.count(scopeOf(this.queues, data.task_queue_sid).push(this.targets, 0, channel, minute), C.tasks_entered)
        const previous = data.task_queue_previous_sid
        let n = this.workspace.push(this.targets, 0, channel, minute)
        if (previous) n = scopeOf(this.queues, previous).push(this.targets, n, channel, minute)
        if (data.workflow_sid) n = scopeOf(this.workflows, data.workflow_sid).push(this.targets, n, channel, minute)
        this.count(n, C.tasks_moved)
        return
      }
      case 'workflow.timeout': {
        let n = this.workspace.push(this.targets, 0, channel, minute)
        if (data.workflow_sid) n = scopeOf(this.workflows, data.workflow_sid).push(this.targets, n, channel, minute)
        this.count(n, C.tasks_timed_out_in_workflow)
        return
      }
      case 'task.canceled': {
        const n = this.collectTaskScopes(data, channel, minute)
        this.count(n, C.tasks_canceled)
        const created = numberOf(data.task_date_created_ms) ?? at
        this.duration(n, D.canceled, secondsBetween(created, at))
        this.queueDuration(D.in_queue_canceled, secondsBetween(numberOf(data.task_queue_entered_date_ms) ?? created, at))
        if (data.task_sid) this.memory.delete(data.task_sid)
        return
      }
      case 'task.wrapup': {
        const memory = data.task_sid ? this.memory.get(data.task_sid) : undefined
        if (memory) memory.wrap = at
        return
      }
      case 'task.completed': {
        const n = this.collectTaskScopes(data, channel, minute)
        this.count(n, C.tasks_completed)
        const memory = data.task_sid ? this.memory.get(data.task_sid) : undefined
        if (memory) {
          this.duration(n, D.handle, secondsBetween(memory.accepted, at))
          this.duration(n, D.talk, secondsBetween(memory.accepted, memory.wrap ?? at))
          if (memory.wrap !== undefined) this.duration(n, D.wrap, secondsBetween(memory.wrap, at))
          this.memory.delete(data.task_sid!)
        }
        return
      }
      case 'task.deleted':
        this.count(this.collectTaskScopes(data, channel, minute), C.tasks_deleted)
        if (data.task_sid) this.memory.delete(data.task_sid)
        return
      case 'worker.activity.update': {
        const previous = data.worker_previous_activity_sid
        const ms = numberOf(data.worker_time_in_previous_activity_ms)
        if (!previous || ms === undefined) return
        const seconds = Math.floor(ms / 1000)
        this.workspace.all.at(minute).addActivity(previous, seconds)
        if (data.worker_sid) scopeOf(this.workers, data.worker_sid).all.at(minute).addActivity(previous, seconds)
        return
      }
      default:
        return
    }
  }

  /**
   * Sums the buckets of `scope` (`ws`, `q:<sid>`, `wf:<sid>`, `wk:<sid>`) and channel (null or
   * `*`: all) for minutes [fromMinute, toMinute].
   */
  aggregate(scope: string, channel: string | null, fromMinute: number, toMinute: number, into = new Aggregate()): Aggregate {
    const series = this.scope(scope)
    const buckets = channel === null || channel === ALL ? series?.all : series?.byChannel.get(channel)
    buckets?.sum(into, fromMinute, toMinute)
    return into
  }

  /** `scope|channel` of every series with a bucket (tests walk them). */
  scopes(): string[] {
    const out: string[] = []
    const list = (prefix: string, scope: ScopeSeries): void => {
      if (scope.all.buckets.length > 0) out.push(`${prefix}|${ALL}`)
      for (const [channel, series] of scope.byChannel) if (series.buckets.length > 0) out.push(`${prefix}|${channel}`)
    }
    list('ws', this.workspace)
    for (const [sid, scope] of this.queues) list(`q:${sid}`, scope)
    for (const [sid, scope] of this.workflows) list(`wf:${sid}`, scope)
    for (const [sid, scope] of this.workers) list(`wk:${sid}`, scope)
    return out
  }

  private scope(key: string): ScopeSeries | undefined {
    if (key === 'ws') return this.workspace
    if (key.startsWith('q:')) return this.queues.get(key.slice(2))
    if (key.startsWith('wf:')) return this.workflows.get(key.slice(3))
    if (key.startsWith('wk:')) return this.workers.get(key.slice(3))
    return undefined
  }

  /** Workspace, queue and workflow buckets of a task event into `targets`; returns how many. */
  private collectTaskScopes(data: DomainEvent['event_data'], channel: string | null, minute: number): number {
    let n = this.workspace.push(this.targets, 0, channel, minute)
    this.queueFrom = n
    if (data.task_queue_sid) n = scopeOf(this.queues, data.task_queue_sid).push(this.targets, n, channel, minute)
    this.queueTo = n
    if (data.workflow_sid) n = scopeOf(this.workflows, data.workflow_sid).push(this.targets, n, channel, minute)
    return n
  }

  private count(n: number, counter: number): void {
    const targets = this.targets
    for (let i = 0; i < n; i++) targets[i]!.counters[counter]! += 1
  }

  private duration(n: number, index: number, seconds: number): void {
    const targets = this.targets
    for (let i = 0; i < n; i++) targets[i]!.addDuration(index, seconds)
  }

  /** A queue-only duration, on the queue buckets `collectTaskScopes` found. */
  private queueDuration(index: number, seconds: number): void {
    const targets = this.targets
    for (let i = this.queueFrom; i < this.queueTo; i++) targets[i]!.addDuration(index, seconds)
  }

  /** Moves the clock of the buckets on; buckets older than the retention window are dropped. */
  private advanceTo(minute: number): void {
    const previousPrune = Math.floor(this.latestMinute / 60)
    this.latestMinute = minute
    // Prune at most once an hour of event time: cheap, and the window never reads past 30 days.
    if (Math.floor(minute / 60) === previousPrune) return
    const before = minute - RETENTION_MINUTES
    this.workspace.prune(before)
    for (const map of [this.queues, this.workflows]) {
      for (const [sid, scope] of map) if (scope.prune(before)) map.delete(sid)
    }
    const workerBefore = minute - WORKER_RETENTION_MINUTES
    for (const [sid, scope] of this.workers) if (scope.prune(workerBefore)) this.workers.delete(sid)
  }
}

function scopeOf(map: Map<string, ScopeSeries>, sid: string): ScopeSeries {
  let scope = map.get(sid)
  if (!scope) map.set(sid, (scope = new ScopeSeries()))
  return scope
}

function numberOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}
