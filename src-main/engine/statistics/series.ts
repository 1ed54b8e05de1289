import { RETENTION_MINUTES } from './cumulative'

/**
 * Time series of the key real-time numbers for charts: per second for the last hour, per
 * minute for the retention window. Sampled by events (after every observed outcome), stored as
 * steps (only changes), and filled forward on read, so a quiet hour costs nothing and the
 * fake clock drives it in tests. The longest waiting age is stored as the oldest waiting
 * task's creation time, so it keeps growing between events.
 */
export interface SeriesSample {
  total_tasks: number
  pending: number
  reserved: number
  assigned: number
  wrapping: number
  /** Creation time of the oldest waiting task, or null. */
  oldest_waiting_created: number | null
  total_workers: number
  available_workers: number
  busy_workers: number
}

export interface SeriesPointOut extends Omit<SeriesSample, 'oldest_waiting_created'> {
  /** Start of the second or minute, epoch ms. */
  t: number
  longest_task_waiting_age: number
}

const SECOND = 1000
const MINUTE = 60_000
const HOUR_SECONDS = 3600

interface Step {
  t: number
  sample: SeriesSample
}

export class TimeSeries {
  private readonly seconds: Step[] = []
  private readonly minutes: Step[] = []

  record(now: number, sample: SeriesSample): void {
    put(this.seconds, Math.floor(now / SECOND), sample)
    put(this.minutes, Math.floor(now / MINUTE), sample)
    trim(this.seconds, Math.floor(now / SECOND) - HOUR_SECONDS)
    trim(this.minutes, Math.floor(now / MINUTE) - RETENTION_MINUTES)
  }

  /**
   * Points from `count` units ago up to now, one per second or minute. A point is the state at
   * the end of its second or minute (or now, for the current one).
   */
  read(resolution: 'second' | 'minute', now: number, count: number): SeriesPointOut[] {
    const unit = resolution === 'second' ? SECOND : MINUTE
    const steps = resolution === 'second' ? this.seconds : this.minutes
    const last = Math.floor(now / unit)
    const first = last - count + 1
    const out: SeriesPointOut[] = []
    let index = 0
    let current: SeriesSample | undefined
    while (index < steps.length && steps[index]!.t < first) current = steps[index++]!.sample
    for (let t = first; t <= last; t++) {
      while (index < steps.length && steps[index]!.t <= t) current = steps[index++]!.sample
      const at = Math.min(now, (t + 1) * unit - 1)
      out.push(point(t * unit, at, current))
    }
    return out
  }
}

function put(steps: Step[], t: number, sample: SeriesSample): void {
  const last = steps[steps.length - 1]
  if (last && last.t === t) last.sample = sample
  else if (!last || last.t < t) steps.push({ t, sample })
}

/** Drops steps before `cutoff`, keeping the last one before it (it is the value at the cutoff). */
function trim(steps: Step[], cutoff: number): void {
  let drop = 0
  while (drop + 1 < steps.length && steps[drop + 1]!.t <= cutoff) drop++
  if (drop > 64) steps.splice(0, drop)
}

function point(t: number, at: number, sample: SeriesSample | undefined): SeriesPointOut {
  if (!sample) return { t, total_tasks: 0, pending: 0, reserved: 0, assigned: 0, wrapping: 0, longest_task_waiting_age: 0, total_workers: 0, available_workers: 0, busy_workers: 0 }
  const { oldest_waiting_created: oldest, ...rest } = sample
  return { t, ...rest, longest_task_waiting_age: oldest === null ? 0 : Math.max(0, Math.floor((at - oldest) / 1000)) }
}
