import type { DomainEvent } from '../../contract/resources'
import { ALL } from './realtime'

/**
 * Cumulative statistics from per-minute buckets, built from events alone (so start-up can
 * rebuild them from the stored Events log, and a test can rebuild them and compare).
 *
 * Buckets are kept per scope (`ws`, `q:<sid>`, `wf:<sid>`, `wk:<sid>`) and channel key (`*` and
 * each TaskChannel SID), one per minute that saw something, for RETENTION_MINUTES. A window
 * sums the buckets of the minutes it touches: minute resolution, start aligned down.
 *
 * Waits are whole seconds (floor of the milliseconds), so totals are exact integers and the
 * per-second histograms answer any whole-second threshold exactly: a wait is *below* T when it
 * is less than T seconds (`SplitByWaitTime`, SLA threshold, short abandon time).
 */

export const RETENTION_MINUTES = 30 * 24 * 60
/**
 * Per-worker buckets (`wk:` scopes) are kept for 24 hours only: a minute bucket per worker
 * for 30 days would cost gigabytes at 15,000 workers. Workspace, queue and workflow buckets
 * keep the full 30 days.
 */
export const WORKER_RETENTION_MINUTES = 24 * 60
const MINUTE = 60_000

export const COUNTERS = [
  'tasks_created', 'tasks_entered', 'tasks_canceled', 'tasks_completed', 'tasks_deleted', 'tasks_moved', 'tasks_timed_out_in_workflow',
  'reservations_created', 'reservations_accepted', 'reservations_rejected', 'reservations_timed_out', 'reservations_canceled', 'reservations_rescinded',
] as const
export type Counter = (typeof COUNTERS)[number]
const counterIndex = Object.fromEntries(COUNTERS.map((name, index) => [name, index])) as Record<Counter, number>

/**
 * Durations in seconds:
 * - `accepted` / `canceled`: from task creation until reservation accepted / task canceled;
 * - `in_queue_accepted` / `in_queue_canceled`: from entering the queue (queue scopes only);
 * - `handle` (accepted -> completed), `talk` (accepted -> wrap-up or completed), `wrap`
 *   (wrap-up -> completed), attributed when the task completes.
 */
export const DURATIONS = ['accepted', 'canceled', 'in_queue_accepted', 'in_queue_canceled', 'handle', 'talk', 'wrap'] as const
export type DurationName = (typeof DURATIONS)[number]
const durationIndex = Object.fromEntries(DURATIONS.map((name, index) => [name, index])) as Record<DurationName, number>

/** Per-second histograms of the four waits (the first four durations). */
const HISTOGRAMS = 4

export interface DurationStat {
  count: number
  total: number
  min: number
  max: number
}

class Bucket {
  readonly counters = new Float64Array(COUNTERS.length)
  /** [count, total, min, max] per duration, allocated on first use. */
  durations: Float64Array | null = null
  hist: (Map<number, number> | null)[] | null = null
  activities: Map<string, DurationStat> | null = null

  constructor(readonly minute: number) {}

  addDuration(name: DurationName, seconds: number): void {
    if (!this.durations) {
      this.durations = new Float64Array(DURATIONS.length * 4)
      for (let i = 0; i < DURATIONS.length; i++) {
        this.durations[i * 4 + 2] = Infinity
        this.durations[i * 4 + 3] = -Infinity
      }
    }
    const at = durationIndex[name] * 4
    const d = this.durations
    d[at] = d[at]! + 1
    d[at + 1] = d[at + 1]! + seconds
    if (seconds < d[at + 2]!) d[at + 2] = seconds
    if (seconds > d[at + 3]!) d[at + 3] = seconds
    const histogram = durationIndex[name]
    if (histogram < HISTOGRAMS) {
      if (!this.hist) this.hist = new Array<Map<number, number> | null>(HISTOGRAMS).fill(null)
      let map = this.hist[histogram]
      if (!map) this.hist[histogram] = map = new Map()
      map.set(seconds, (map.get(seconds) ?? 0) + 1)
    }
  }

  addActivity(activitySid: string, seconds: number): void {
    if (!this.activities) this.activities = new Map()
    const stat = this.activities.get(activitySid)
    if (!stat) this.activities.set(activitySid, { count: 1, total: seconds, min: seconds, max: seconds })
    else {
      stat.count += 1
      stat.total += seconds
      if (seconds < stat.min) stat.min = seconds
      if (seconds > stat.max) stat.max = seconds
    }
  }
}

/** Buckets of one scope and channel, in minute order. */
class BucketSeries {
  readonly buckets: Bucket[] = []

  at(minute: number): Bucket {
    const buckets = this.buckets
    const last = buckets[buckets.length - 1]
    if (last && last.minute === minute) return last
    if (!last || last.minute < minute) {
      const bucket = new Bucket(minute)
      buckets.push(bucket)
      return bucket
    }
    // Out of order (a rebuild fed unsorted events): insert in place.
    const index = lowerBound(buckets, minute)
    if (buckets[index]?.minute === minute) return buckets[index]
    const bucket = new Bucket(minute)
    buckets.splice(index, 0, bucket)
    return bucket
  }

  prune(beforeMinute: number): void {
    if (this.buckets.length === 0 || this.buckets[0]!.minute >= beforeMinute) return
    this.buckets.splice(0, lowerBound(this.buckets, beforeMinute))
  }
}

function lowerBound(buckets: Bucket[], minute: number): number {
  let low = 0
  let high = buckets.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (buckets[middle]!.minute < minute) low = middle + 1
    else high = middle
  }
  return low
}

/** The sum of a range of buckets. */
export class Aggregate {
  readonly counters = new Float64Array(COUNTERS.length)
  readonly durations: DurationStat[] = DURATIONS.map(() => ({ count: 0, total: 0, min: Infinity, max: -Infinity }))
  /** Bucket histograms in the range, read lazily by `below`. */
  readonly histograms: Map<number, number>[][] = Array.from({ length: HISTOGRAMS }, () => [])
  readonly activities = new Map<string, DurationStat>()

  count(name: Counter): number {
    return this.counters[counterIndex[name]]!
  }

  duration(name: DurationName): DurationStat {
    return this.durations[durationIndex[name]]!
  }

  /** How many waits of `name` were below each threshold (seconds), in threshold order. */
  below(name: 'accepted' | 'canceled' | 'in_queue_accepted' | 'in_queue_canceled', thresholds: readonly number[]): number[] {
    const out = thresholds.map(() => 0)
    for (const map of this.histograms[durationIndex[name]]!) {
      for (const [seconds, n] of map) {
        for (let t = 0; t < thresholds.length; t++) if (seconds < thresholds[t]!) out[t]! += n
      }
    }
    return out
  }

  add(bucket: Bucket): void {
    for (let i = 0; i < COUNTERS.length; i++) this.counters[i]! += bucket.counters[i]!
    const d = bucket.durations
    if (d) {
      for (let i = 0; i < DURATIONS.length; i++) {
        const count = d[i * 4]!
        if (count === 0) continue
        const stat = this.durations[i]!
        stat.count += count
        stat.total += d[i * 4 + 1]!
        if (d[i * 4 + 2]! < stat.min) stat.min = d[i * 4 + 2]!
        if (d[i * 4 + 3]! > stat.max) stat.max = d[i * 4 + 3]!
      }
    }
    if (bucket.hist) {
      for (let h = 0; h < HISTOGRAMS; h++) {
        const map = bucket.hist[h]
        if (map) this.histograms[h]!.push(map)
      }
    }
    if (bucket.activities) {
      for (const [sid, stat] of bucket.activities) {
        const sum = this.activities.get(sid)
        if (!sum) this.activities.set(sid, { ...stat })
        else {
          sum.count += stat.count
          sum.total += stat.total
          sum.min = Math.min(sum.min, stat.min)
          sum.max = Math.max(sum.max, stat.max)
        }
      }
    }
  }

  merge(other: Aggregate): void {
    for (let i = 0; i < COUNTERS.length; i++) this.counters[i]! += other.counters[i]!
    for (let i = 0; i < DURATIONS.length; i++) {
      const stat = this.durations[i]!
      const more = other.durations[i]!
      stat.count += more.count
      stat.total += more.total
      stat.min = Math.min(stat.min, more.min)
      stat.max = Math.max(stat.max, more.max)
    }
    for (let h = 0; h < HISTOGRAMS; h++) this.histograms[h]!.push(...other.histograms[h]!)
    for (const [sid, stat] of other.activities) {
      const sum = this.activities.get(sid)
      if (!sum) this.activities.set(sid, { ...stat })
      else {
        sum.count += stat.count
        sum.total += stat.total
        sum.min = Math.min(sum.min, stat.min)
        sum.max = Math.max(sum.max, stat.max)
      }
    }
  }
}

/** What the cumulative side remembers per task between events (handle time needs the accept). */
interface TaskMemory {
  accepted?: number
  wrap?: number
}

const seconds = (fromMs: number, toMs: number): number => Math.max(0, Math.floor((toMs - fromMs) / 1000))

/**
 * Cumulative statistics of one workspace. Feed events in time order with `observe`; read any
 * window with `aggregate`.
 */
export class CumulativeStats {
  private readonly series = new Map<string, BucketSeries>()
  private readonly memory = new Map<string, TaskMemory>()
  private latestMinute = -Infinity

  observe(event: DomainEvent): void {
    const data = event.event_data
    const at = event.event_date_ms
    const minute = Math.floor(at / MINUTE)
    if (minute > this.latestMinute) this.advanceTo(minute)
    const type = event.event_type
    const channel = data.task_channel_sid ?? null
    const queue = data.task_queue_sid ?? null
    const workflow = data.workflow_sid ?? null
    const created = numberOf(data.task_date_created_ms) ?? at
    const entered = numberOf(data.task_queue_entered_date_ms) ?? created
    const taskSid = data.task_sid ?? null
    const count = (scope: string, counter: Counter): void => this.bucketsOf(scope, channel, minute, (b) => (b.counters[counterIndex[counter]]! += 1))
    const taskScopes = (counter: Counter): void => {
      count('ws', counter)
      if (queue) count(`q:${queue}`, counter)
      if (workflow) count(`wf:${workflow}`, counter)
    }

    if (type.startsWith('reservation.')) {
      const counter = reservationCounter(type.slice('reservation.'.length))
      if (!counter) return
      taskScopes(counter)
      if (data.worker_sid) count(`wk:${data.worker_sid}`, counter)
      if (counter === 'reservations_accepted') {
        const wait = seconds(created, at)
        for (const scope of ['ws', ...(queue ? [`q:${queue}`] : []), ...(workflow ? [`wf:${workflow}`] : [])]) {
          this.bucketsOf(scope, channel, minute, (b) => b.addDuration('accepted', wait))
        }
        if (queue) this.bucketsOf(`q:${queue}`, channel, minute, (b) => b.addDuration('in_queue_accepted', seconds(entered, at)))
        if (taskSid) this.memory.set(taskSid, { accepted: at })
      }
      return
    }
    switch (type) {
      case 'task.created':
        return count('ws', 'tasks_created')
      case 'workflow.entered':
        if (workflow) count(`wf:${workflow}`, 'tasks_entered')
        return
      case 'task-queue.entered':
        if (queue) count(`q:${queue}`, 'tasks_entered')
        return
      case 'task-queue.moved': {
        if (queue) count(`q:${queue}`, 'tasks_entered')
        const previous = data.task_queue_previous_sid
        if (previous) count(`q:${previous}`, 'tasks_moved')
        count('ws', 'tasks_moved')
        if (workflow) count(`wf:${workflow}`, 'tasks_moved')
        return
      }
      case 'workflow.timeout':
        count('ws', 'tasks_timed_out_in_workflow')
        if (workflow) count(`wf:${workflow}`, 'tasks_timed_out_in_workflow')
        return
      case 'task.canceled': {
        taskScopes('tasks_canceled')
        const wait = seconds(created, at)
        for (const scope of ['ws', ...(queue ? [`q:${queue}`] : []), ...(workflow ? [`wf:${workflow}`] : [])]) {
          this.bucketsOf(scope, channel, minute, (b) => b.addDuration('canceled', wait))
        }
        if (queue) this.bucketsOf(`q:${queue}`, channel, minute, (b) => b.addDuration('in_queue_canceled', seconds(entered, at)))
        if (taskSid) this.memory.delete(taskSid)
        return
      }
      case 'task.wrapup': {
        const memory = taskSid ? this.memory.get(taskSid) : undefined
        if (memory) memory.wrap = at
        return
      }
      case 'task.completed': {
        taskScopes('tasks_completed')
        const memory = taskSid ? this.memory.get(taskSid) : undefined
        if (memory?.accepted !== undefined) {
          const accepted = memory.accepted
          const wrap = memory.wrap
          for (const scope of ['ws', ...(queue ? [`q:${queue}`] : []), ...(workflow ? [`wf:${workflow}`] : [])]) {
            this.bucketsOf(scope, channel, minute, (b) => {
              b.addDuration('handle', seconds(accepted, at))
              b.addDuration('talk', seconds(accepted, wrap ?? at))
              if (wrap !== undefined) b.addDuration('wrap', seconds(wrap, at))
            })
          }
        }
        if (taskSid) this.memory.delete(taskSid)
        return
      }
      case 'task.deleted':
        taskScopes('tasks_deleted')
        if (taskSid) this.memory.delete(taskSid)
        return
      case 'worker.activity.update': {
        const previous = data.worker_previous_activity_sid
        const ms = numberOf(data.worker_time_in_previous_activity_ms)
        if (!previous || ms === undefined) return
        const secs = Math.floor(ms / 1000)
        this.seriesOf('ws', ALL).at(minute).addActivity(previous, secs)
        if (data.worker_sid) this.seriesOf(`wk:${data.worker_sid}`, ALL).at(minute).addActivity(previous, secs)
        return
      }
      default:
        return
    }
  }

  /** Sums the buckets of `scope` (and channel) for minutes [fromMinute, toMinute]. */
  aggregate(scope: string, channel: string | null, fromMinute: number, toMinute: number, into = new Aggregate()): Aggregate {
    const series = this.series.get(`${scope}|${channel ?? ALL}`)
    if (!series) return into
    const buckets = series.buckets
    for (let i = lowerBound(buckets, fromMinute); i < buckets.length; i++) {
      const bucket = buckets[i]!
      if (bucket.minute > toMinute) break
      into.add(bucket)
    }
    return into
  }

  /** Scopes with any bucket (tests walk them). */
  scopes(): string[] {
    return [...this.series.keys()]
  }

  /** Moves the clock of the buckets on; buckets older than the retention window are dropped. */
  private advanceTo(minute: number): void {
    const previousPrune = Math.floor(this.latestMinute / 60)
    this.latestMinute = minute
    // Prune at most once an hour of event time: cheap, and the window never reads past 30 days.
    if (Math.floor(minute / 60) === previousPrune) return
    const before = minute - RETENTION_MINUTES
    const workerBefore = minute - WORKER_RETENTION_MINUTES
    for (const [k, series] of this.series) {
      series.prune(k.startsWith('wk:') ? workerBefore : before)
      if (series.buckets.length === 0) this.series.delete(k)
    }
  }

  private seriesOf(scope: string, channel: string): BucketSeries {
    const k = `${scope}|${channel}`
    let series = this.series.get(k)
    if (!series) this.series.set(k, (series = new BucketSeries()))
    return series
  }

  private bucketsOf(scope: string, channel: string | null, minute: number, apply: (bucket: Bucket) => void): void {
    apply(this.seriesOf(scope, ALL).at(minute))
    if (channel) apply(this.seriesOf(scope, channel).at(minute))
  }
}

function reservationCounter(status: string): Counter | undefined {
  switch (status) {
    case 'created': return 'reservations_created'
    case 'accepted': return 'reservations_accepted'
    case 'rejected': return 'reservations_rejected'
    case 'timeout': return 'reservations_timed_out'
    case 'canceled': return 'reservations_canceled'
    case 'rescinded': return 'reservations_rescinded'
    default: return undefined
  }
}

function numberOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}
