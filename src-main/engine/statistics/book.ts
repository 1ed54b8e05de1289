import type { DomainEvent } from '../../contract/resources'
import type { WorkspaceState } from '../configuration/workspaceState'
import { CumulativeStats } from './cumulative'
import { ALL, RealtimeStats } from './realtime'
import { TimeSeries, type SeriesSample } from './series'

/** Everything statistics keep for one workspace. */
export class WorkspaceStatistics {
  realtime: RealtimeStats
  cumulative = new CumulativeStats()
  series = new TimeSeries()
  /** Bumped by every observed outcome: the live feed pushes only when it moved. */
  version = 0
  /**
   * The second whose last state the time series has not recorded yet. Sampling once per second
   * (just before the first change of a later second, or on read) instead of after every
   * outcome keeps the series off the hot path.
   */
  private unsampledSecond: number | null = null

  /** `previous`: the real-time statistics of the same workspace before a reload (occupancy history carries on). */
  constructor(
    public state: WorkspaceState,
    now: number,
    previous?: RealtimeStats,
  ) {
    this.realtime = new RealtimeStats(state, now, previous)
  }

  /** Applies one outcome's real-time side; the series records the state each second ended with. */
  observeRealtime(events: readonly DomainEvent[], now: number): void {
    const second = Math.floor(now / 1000)
    if (this.unsampledSecond !== null && this.unsampledSecond !== second) this.series.record(this.unsampledSecond * 1000, this.sample())
    this.realtime.observe(events, now)
    this.unsampledSecond = second
    this.version += 1
  }

  /** The time series, up to date with the current state (call before reading it). */
  currentSeries(): TimeSeries {
    if (this.unsampledSecond !== null) {
      this.series.record(this.unsampledSecond * 1000, this.sample())
      this.unsampledSecond = null
    }
    return this.series
  }

  /** The numbers the time series keeps, read from the real-time counters. */
  sample(): SeriesSample {
    const tasks = this.realtime.taskTally('ws')
    const workers = this.realtime.workerTally('ws')
    const oldest = this.realtime.oldestWaiting(tasks)
    return {
      total_tasks: tasks?.total ?? 0,
      pending: tasks?.pending ?? 0,
      reserved: tasks?.reserved ?? 0,
      assigned: tasks?.assigned ?? 0,
      wrapping: tasks?.wrapping ?? 0,
      oldest_waiting_created: oldest ? oldest.key : null,
      total_workers: workers?.total ?? 0,
      available_workers: workers?.available ?? 0,
      busy_workers: workers?.busy ?? 0,
    }
  }
}

/**
 * Statistics of every workspace, fed by the engine with each outcome's events (commands and
 * timers alike) right after the state changed, so real-time numbers re-derived from the state
 * agree with it.
 *
 * Cumulative numbers depend on events only. By default they see every outcome at once (the
 * engine alone, tests, benches). Once `countCommittedOnly()` was called (the dispatcher does,
 * since it persists every outcome), they see an outcome's events only when `committed()` says
 * they are durable: a commit that fails (after which the engine reloads from the store) then
 * leaves no trace in them, and they always equal a rebuild from the stored Events log
 * (`replay`, at start-up).
 */
export class StatisticsBook {
  private readonly workspaces = new Map<string, WorkspaceStatistics>()
  private committedOnly = false
  /** Replayed history of workspaces whose statistics are not created yet. */
  private readonly replayed = new Map<string, CumulativeStats>()

  /**
   * The statistics of a workspace at `now`, created on first use. After a reload (a new state
   * object for the same workspace) real-time numbers are recounted; history is kept.
   */
  of(state: WorkspaceState, now: number): WorkspaceStatistics {
    let stats = this.workspaces.get(state.sid)
    if (!stats || stats.state !== state) {
      const fresh = new WorkspaceStatistics(state, now, stats?.realtime)
      if (stats) {
        fresh.cumulative = stats.cumulative
        fresh.series = stats.currentSeries()
        fresh.version = stats.version + 1
      }
      const replayed = this.replayed.get(state.sid)
      if (replayed) {
        fresh.cumulative = replayed
        this.replayed.delete(state.sid)
      }
      this.workspaces.set(state.sid, (stats = fresh))
    }
    return stats
  }

  /** From now on cumulative numbers follow `committed()` outcomes only. */
  countCommittedOnly(): void {
    this.committedOnly = true
  }

  /** Applies one outcome's events at `now`. `lookup` finds a workspace's live state. */
  observe(events: readonly DomainEvent[], lookup: (sid: string) => WorkspaceState | undefined, now: number): void {
    forEachWorkspace(events, (sid, batch) => {
      const state = lookup(sid)
      if (!state) {
        this.workspaces.delete(sid)
        return
      }
      const stats = this.of(state, now)
      stats.observeRealtime(batch, now)
      if (!this.committedOnly) for (const event of batch) stats.cumulative.observe(event)
    })
  }

  /** An outcome's events are durable (see the class comment); a no-op unless `countCommittedOnly()`. */
  committed(events: readonly DomainEvent[]): void {
    if (!this.committedOnly) return
    forEachWorkspace(events, (sid, batch) => {
      const stats = this.workspaces.get(sid)
      if (!stats) return
      for (const event of batch) stats.cumulative.observe(event)
      stats.version += 1
    })
  }

  /**
   * Rebuilds a workspace's cumulative numbers from its raw events (any order: they are sorted
   * by time first). Used at start-up with the stored Events log.
   */
  replay(state: WorkspaceState, events: readonly DomainEvent[]): void {
    const sorted = [...events].sort((a, b) => a.event_date_ms - b.event_date_ms)
    const cumulative = new CumulativeStats()
    for (const event of sorted) cumulative.observe(event)
    const stats = this.workspaces.get(state.sid)
    if (stats) {
      stats.cumulative = cumulative
      stats.version += 1
    } else {
      // Real-time numbers start at the first use (`of`, which knows the time).
      this.replayed.set(state.sid, cumulative)
    }
  }

  /**
   * After the engine reloaded its state: workspaces gone from it are dropped; the others are
   * recounted on their next use (`of`), keeping their history. The version moves so the live
   * feed pushes the reloaded numbers.
   */
  rebind(states: Iterable<WorkspaceState>): void {
    const live = new Set<string>()
    for (const state of states) live.add(state.sid)
    for (const [sid, stats] of this.workspaces) {
      if (!live.has(sid)) this.workspaces.delete(sid)
      else stats.version += 1
    }
    for (const sid of this.replayed.keys()) if (!live.has(sid)) this.replayed.delete(sid)
  }

  /** A workspace's statistics if any were kept (tests, the feed). */
  get(sid: string): WorkspaceStatistics | undefined {
    return this.workspaces.get(sid)
  }

  versionOf(sid: string): number {
    return this.workspaces.get(sid)?.version ?? -1
  }
}

/** Calls `each` with every run of consecutive events of one workspace (one outcome is usually one run). */
function forEachWorkspace(events: readonly DomainEvent[], each: (sid: string, batch: readonly DomainEvent[]) => void): void {
  let start = 0
  while (start < events.length) {
    const sid = events[start]!.workspace_sid
    let end = start + 1
    while (end < events.length && events[end]!.workspace_sid === sid) end++
    each(sid, start === 0 && end === events.length ? events : events.slice(start, end))
    start = end
  }
}

export { ALL }
