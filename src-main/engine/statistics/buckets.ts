/**
 * Time buckets of cumulative statistics: one per minute that saw something, plus hourly
 * roll-ups so "today" and long ranges sum at most ~24 hour buckets and two partial hours of
 * minutes instead of every minute.
 *
 * Counters and durations live in flat typed arrays indexed by number (no string keys on the
 * write path). Waits are also kept as per-second histograms so any whole-second threshold
 * (SplitByWaitTime, SLA, short abandon) is answered exactly.
 */

export const COUNTERS = [
  'tasks_created', 'tasks_entered', 'tasks_canceled', 'tasks_completed', 'tasks_deleted', 'tasks_moved', 'tasks_timed_out_in_workflow',
  'reservations_created', 'reservations_accepted', 'reservations_rejected', 'reservations_timed_out', 'reservations_canceled', 'reservations_rescinded',
] as const
export type Counter = (typeof COUNTERS)[number]
export const counterIndex = Object.fromEntries(COUNTERS.map((name, index) => [name, index])) as Record<Counter, number>

/**
 * Durations in seconds:
 * - `accepted` / `canceled`: from task creation until reservation accepted / task canceled;
 * - `in_queue_accepted` / `in_queue_canceled`: from entering the queue (queue scopes only);
 * - `handle` (accepted -> completed), `talk` (accepted -> wrap-up or completed), `wrap`
 *   (wrap-up -> completed), attributed when the task completes.
 */
export const DURATIONS = ['accepted', 'canceled', 'in_queue_accepted', 'in_queue_canceled', 'handle', 'talk', 'wrap'] as const
export type DurationName = (typeof DURATIONS)[number]
export const durationIndex = Object.fromEntries(DURATIONS.map((name, index) => [name, index])) as Record<DurationName, number>
/** The waits with a per-second histogram: the first four durations. */
export type WaitName = 'accepted' | 'canceled' | 'in_queue_accepted' | 'in_queue_canceled'
const HISTOGRAMS = 4

export interface DurationStat {
  count: number
  total: number
  min: number
  max: number
}

/** One minute (or, as a roll-up, one hour) of one scope and channel. */
export class Bucket {
  readonly counters = new Float64Array(COUNTERS.length)
  /** [count, total, min, max] per duration, allocated on first use. */
  durations: Float64Array | null = null
  /** Wait seconds -> how many, per histogram, allocated on first use. */
  hist: (Map<number, number> | null)[] | null = null
  /** Time spent in each previous activity (worker.activity.update), per activity SID. */
  activities: Map<string, DurationStat> | null = null

  /** The minute (or hour, for a roll-up) since the epoch. */
  constructor(readonly at: number) {}

  addDuration(index: number, seconds: number): void {
    this.addDurations(index, 1, seconds, seconds, seconds)
    if (index < HISTOGRAMS) this.addWaits(index, seconds, 1)
  }

  addActivity(activitySid: string, seconds: number): void {
    addStat((this.activities ??= new Map()), activitySid, 1, seconds, seconds, seconds)
  }

  /** Adds everything `other` holds (hour roll-ups fold their minutes in). */
  absorb(other: Bucket): void {
    for (let i = 0; i < COUNTERS.length; i++) this.counters[i]! += other.counters[i]!
    const d = other.durations
    if (d) {
      for (let i = 0; i < DURATIONS.length; i++) {
        const count = d[i * 4]!
        if (count > 0) this.addDurations(i, count, d[i * 4 + 1]!, d[i * 4 + 2]!, d[i * 4 + 3]!)
      }
    }
    if (other.hist) {
      for (let h = 0; h < HISTOGRAMS; h++) {
        const map = other.hist[h]
        if (map) for (const [seconds, n] of map) this.addWaits(h, seconds, n)
      }
    }
    if (other.activities) {
      const into = (this.activities ??= new Map())
      for (const [sid, stat] of other.activities) addStat(into, sid, stat.count, stat.total, stat.min, stat.max)
    }
  }

  private addDurations(index: number, count: number, total: number, min: number, max: number): void {
    let d = this.durations
    if (!d) {
      d = this.durations = new Float64Array(DURATIONS.length * 4)
      for (let i = 0; i < DURATIONS.length; i++) {
        d[i * 4 + 2] = Infinity
        d[i * 4 + 3] = -Infinity
      }
    }
    const at = index * 4
    d[at] = d[at]! + count
    d[at + 1] = d[at + 1]! + total
    if (min < d[at + 2]!) d[at + 2] = min
    if (max > d[at + 3]!) d[at + 3] = max
  }

  private addWaits(index: number, seconds: number, n: number): void {
    const hist = (this.hist ??= [null, null, null, null])
    const map = (hist[index] ??= new Map())
    map.set(seconds, (map.get(seconds) ?? 0) + n)
  }
}

function addStat(map: Map<string, DurationStat>, key: string, count: number, total: number, min: number, max: number): void {
  const stat = map.get(key)
  if (!stat) map.set(key, { count, total, min, max })
  else {
    stat.count += count
    stat.total += total
    if (min < stat.min) stat.min = min
    if (max > stat.max) stat.max = max
  }
}

const HOUR_MINUTES = 60

/**
 * The buckets of one scope and channel, in minute order, with hour roll-ups. Invariant: the
 * roll-up of hour H holds every minute bucket of H except the newest bucket of the series
 * (still being written); a minute bucket is folded in when a newer one starts. Writes into
 * older minutes (a rebuild fed out of order) and pruning mark the hour dirty: its roll-up is
 * rebuilt from the minutes on the next read.
 *
 * The sum of the last span of whole hours read (typically "today" so far) is memoized: a
 * wallboard asking again only adds that memo and the minutes after it, until a minute of those
 * hours changes.
 */
export class BucketSeries {
  readonly buckets: Bucket[] = []
  private readonly hours = new Map<number, Bucket>()
  private dirty: Set<number> | null = null
  private span: { from: number; to: number; sum: Bucket } | null = null

  at(minute: number): Bucket {
    const buckets = this.buckets
    const last = buckets[buckets.length - 1]
    if (last !== undefined) {
      if (last.at === minute) return last
      if (last.at < minute) {
        this.fold(last)
        const bucket = new Bucket(minute)
        buckets.push(bucket)
        return bucket
      }
    } else {
      const bucket = new Bucket(minute)
      buckets.push(bucket)
      return bucket
    }
    // An older minute (a rebuild fed unsorted events): its hour's roll-up must be redone.
    this.markDirty(Math.floor(minute / HOUR_MINUTES))
    const index = lowerBound(buckets, minute)
    if (buckets[index]?.at === minute) return buckets[index]
    const bucket = new Bucket(minute)
    buckets.splice(index, 0, bucket)
    return bucket
  }

  /** Drops the minutes before `beforeMinute` (and the roll-ups of hours entirely before it). */
  prune(beforeMinute: number): void {
    const buckets = this.buckets
    if (buckets.length === 0 || buckets[0]!.at >= beforeMinute) return
    buckets.splice(0, lowerBound(buckets, beforeMinute))
    this.span = null
    if (buckets.length === 0) {
      this.hours.clear()
      this.dirty = null
      return
    }
    const firstHour = Math.floor(beforeMinute / HOUR_MINUTES)
    for (const hour of this.hours.keys()) if (hour < firstHour) this.hours.delete(hour)
    if (this.dirty) for (const hour of this.dirty) if (hour < firstHour) this.dirty.delete(hour)
    // The hour the cut falls in lost some minutes.
    if (beforeMinute % HOUR_MINUTES !== 0) this.markDirty(firstHour)
  }

  /** Adds the buckets of minutes [fromMinute, toMinute] to `into`, whole hours from their roll-ups. */
  sum(into: Aggregate, fromMinute: number, toMinute: number): void {
    const buckets = this.buckets
    const count = buckets.length
    if (count === 0) return
    const firstHour = Math.ceil(fromMinute / HOUR_MINUTES)
    const lastHour = Math.floor((toMinute + 1) / HOUR_MINUTES) - 1
    if (firstHour > lastHour) return this.sumMinutes(into, fromMinute, toMinute)
    const spanStart = firstHour * HOUR_MINUTES
    const spanEnd = (lastHour + 1) * HOUR_MINUTES - 1
    this.sumMinutes(into, fromMinute, spanStart - 1)
    const hours = lastHour === firstHour ? this.rollup(firstHour) : this.spanSum(firstHour, lastHour)
    if (hours) into.add(hours)
    // The newest bucket is in no roll-up yet.
    const last = buckets[count - 1]!
    if (last.at >= spanStart && last.at <= spanEnd) into.add(last)
    this.sumMinutes(into, spanEnd + 1, toMinute)
  }

  private sumMinutes(into: Aggregate, fromMinute: number, toMinute: number): void {
    const buckets = this.buckets
    for (let i = lowerBound(buckets, fromMinute); i < buckets.length && buckets[i]!.at <= toMinute; i++) into.add(buckets[i]!)
  }

  /** The roll-ups of hours [from, to] merged, memoized for the next read of the same span. */
  private spanSum(from: number, to: number): Bucket {
    const span = this.span
    if (span && span.from === from && span.to === to) return span.sum
    const sum = new Bucket(from)
    for (let hour = from; hour <= to; hour++) {
      const rollup = this.rollup(hour)
      if (rollup) sum.absorb(rollup)
    }
    this.span = { from, to, sum }
    return sum
  }

  private markDirty(hour: number): void {
    ;(this.dirty ??= new Set()).add(hour)
    if (this.span && hour >= this.span.from && hour <= this.span.to) this.span = null
  }

  private fold(bucket: Bucket): void {
    const hour = Math.floor(bucket.at / HOUR_MINUTES)
    if (this.span && hour >= this.span.from && hour <= this.span.to) this.span = null
    if (this.dirty?.has(hour)) return
    let rollup = this.hours.get(hour)
    if (!rollup) this.hours.set(hour, (rollup = new Bucket(hour)))
    rollup.absorb(bucket)
  }

  private rollup(hour: number): Bucket | undefined {
    if (!this.dirty?.has(hour)) return this.hours.get(hour)
    this.dirty.delete(hour)
    const buckets = this.buckets
    const rollup = new Bucket(hour)
    const end = buckets.length - 1 // the newest bucket is never in a roll-up
    for (let i = lowerBound(buckets, hour * HOUR_MINUTES); i < end && buckets[i]!.at < (hour + 1) * HOUR_MINUTES; i++) rollup.absorb(buckets[i]!)
    this.hours.set(hour, rollup)
    return rollup
  }
}

function lowerBound(buckets: Bucket[], minute: number, low = 0): number {
  let high = buckets.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (buckets[middle]!.at < minute) low = middle + 1
    else high = middle
  }
  return low
}

/** The sum of a range of buckets. */
export class Aggregate {
  readonly counters = new Float64Array(COUNTERS.length)
  readonly durations: DurationStat[] = DURATIONS.map(() => ({ count: 0, total: 0, min: Infinity, max: -Infinity }))
  /** The histograms of the buckets in the range, read lazily by `below`. */
  readonly histograms: Map<number, number>[][] = [[], [], [], []]
  readonly activities = new Map<string, DurationStat>()

  count(name: Counter): number {
    return this.counters[counterIndex[name]]!
  }

  duration(name: DurationName): DurationStat {
    return this.durations[durationIndex[name]]!
  }

  /** How many waits of `name` were below each threshold (seconds), in threshold order. */
  below(name: WaitName, thresholds: readonly number[]): number[] {
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
    if (bucket.activities) for (const [sid, stat] of bucket.activities) addStat(this.activities, sid, stat.count, stat.total, stat.min, stat.max)
  }

  /** Adds only the activity durations of `other` (they are kept on the all-channels buckets). */
  addActivities(other: Aggregate): void {
    for (const [sid, stat] of other.activities) addStat(this.activities, sid, stat.count, stat.total, stat.min, stat.max)
  }
}
