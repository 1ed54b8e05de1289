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

  constructor(public state: WorkspaceState) {
    this.realtime = new RealtimeStats(state)
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
 * agree with it. Cumulative numbers depend on events only: `replay` rebuilds them from the
 * stored Events log at start-up.
 */
export class StatisticsBook {
  private readonly workspaces = new Map<string, WorkspaceStatistics>()

  /** The statistics of a workspace, created on first use. */
  of(state: WorkspaceState): WorkspaceStatistics {
    let stats = this.workspaces.get(state.sid)
    if (!stats || stats.state !== state) {
      const fresh = new WorkspaceStatistics(state)
      if (stats) {
        // Same workspace, new state object (a reload): keep the history, recount the rest.
        fresh.cumulative = stats.cumulative
        fresh.series = stats.series
        fresh.version = stats.version + 1
      }
      this.workspaces.set(state.sid, (stats = fresh))
    }
    return stats
  }

  /** Applies one outcome's events. `lookup` finds a workspace's live state. */
  observe(events: readonly DomainEvent[], lookup: (sid: string) => WorkspaceState | undefined, now: number): void {
    if (events.length === 0) return
    let start = 0
    while (start < events.length) {
      const sid = events[start]!.workspace_sid
      let end = start + 1
      while (end < events.length && events[end]!.workspace_sid === sid) end++
      const batch = events.slice(start, end)
      start = end
      const state = lookup(sid)
      if (!state) {
        this.workspaces.delete(sid)
        continue
      }
      const stats = this.of(state)
      stats.realtime.observe(batch)
      for (const event of batch) stats.cumulative.observe(event)
      stats.series.record(now, stats.sample())
      stats.version += 1
    }
  }

  /**
   * Rebuilds a workspace's cumulative numbers from its raw events (any order: they are sorted
   * by time first). Used at start-up with the stored Events log.
   */
  replay(state: WorkspaceState, events: readonly DomainEvent[]): void {
    const stats = this.of(state)
    const sorted = [...events].sort((a, b) => a.event_date_ms - b.event_date_ms)
    const cumulative = new CumulativeStats()
    for (const event of sorted) cumulative.observe(event)
    stats.cumulative = cumulative
    stats.version += 1
  }

  /** After the engine reloaded its state: recount real-time numbers, keep the history. */
  rebind(states: Iterable<WorkspaceState>): void {
    const live = new Set<string>()
    for (const state of states) {
      live.add(state.sid)
      this.of(state)
    }
    for (const sid of [...this.workspaces.keys()]) if (!live.has(sid)) this.workspaces.delete(sid)
  }

  /** A workspace's statistics if any were kept (tests, the feed). */
  get(sid: string): WorkspaceStatistics | undefined {
    return this.workspaces.get(sid)
  }

  versionOf(sid: string): number {
    return this.workspaces.get(sid)?.version ?? -1
  }
}

export { ALL }
