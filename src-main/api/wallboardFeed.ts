import type { PushPayload } from '../contract/pushEvents'
import type { Engine } from '../engine/engine'
import type { EventBus } from './eventBus'

export interface WallboardFeed {
  /** Pushes what is pending now (tests drive it when `timers` is false). */
  flush(): void
  stop(): void
}

export interface WallboardFeedOptions {
  /** Coalescing delay between a worker/reservation change and its push (default 100 ms). */
  agentDelayMs?: number
  /**
   * Minimum time between two 30-minute KPI computations per workspace (default 15 s, Flex's
   * refresh for its "last 30 minutes" metrics; it is the feed's most expensive read).
   */
  kpiEveryMs?: number
  /** false: no timers; call `flush()` yourself. */
  timers?: boolean
  /** Wall-clock for the KPI throttle (default Date.now). */
  now?: () => number
}

/** Changes after which the whole grid is re-read: rare, and a change of them may move many tiles. */
const WHOLE_GRID_KINDS = new Set(['activity', 'worker_channel', 'workspace'])

interface Tile {
  activity: string
  load: number
  /** The read that last saw this worker (finds removed workers without a Set per read). */
  seenIn: number
}

/** What the feed knows of one workspace's grid, as last pushed. */
interface Grid {
  tiles: Map<string, Tile>
  /** Activity SID -> available, from the last whole read. */
  availableActivities: Map<string, boolean>
  available: number
}

/** What changed in a workspace since its last push. */
interface Pending {
  whole: boolean
  workers: Set<string>
  reservations: Set<string>
}

/**
 * The wallboard's push (`app.wallboard`, contract/wallboard.ts), beside the statistics feed:
 * - agent-grid deltas: after a committed change touches workers or reservations, only those
 *   workers are read again (`wallboardAgents.tiles`, within `agentDelayMs`, so a burst of
 *   commands costs one read) and only the tiles that differ from the last push are sent; a
 *   change of activities, worker channels or the workspace re-reads the whole grid;
 * - the available-worker count, kept from the tiles, so the big number follows as fast as the grid;
 * - KPIs over the last 30 minutes (SLA %, ASA, abandoned), riding on `app.statsDelta` ticks at
 *   most every `kpiEveryMs` (the live frame holds KPIs "now" only).
 *
 * @example
 * const feed = attachWallboardFeed(engine, bus)
 * // on shutdown
 * feed.stop()
 */
export function attachWallboardFeed(engine: Engine, bus: EventBus, options: WallboardFeedOptions = {}): WallboardFeed {
  const agentDelayMs = options.agentDelayMs ?? 100
  const kpiEveryMs = options.kpiEveryMs ?? 15_000
  const now = options.now ?? Date.now
  const grids = new Map<string, Grid>()
  const pending = new Map<string, Pending>()
  const kpisDue = new Set<string>()
  const lastKpis = new Map<string, number>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let reads = 0

  // Start from the current grids, so the first change after start-up is a small delta.
  for (const sid of engine.workspaceSids()) readWholeGrid(sid)

  function schedule(delayMs: number): void {
    if (options.timers === false || timer !== null) return
    timer = setTimeout(() => {
      timer = null
      flush()
    }, delayMs)
    timer.unref?.()
  }

  function pendingOf(workspaceSid: string): Pending {
    let entry = pending.get(workspaceSid)
    if (!entry) pending.set(workspaceSid, (entry = { whole: false, workers: new Set(), reservations: new Set() }))
    return entry
  }

  const offChanged = bus.on('app.changed', (change) => {
    let touched = false
    for (const entry of change.changes) {
      if (entry.kind !== 'worker' && entry.kind !== 'reservation' && !WHOLE_GRID_KINDS.has(entry.kind)) continue
      touched = true
      // Deletions arrive without a workspace: re-read every grid we know.
      if (change.workspace_sid === null) {
        for (const sid of grids.keys()) pendingOf(sid).whole = true
        continue
      }
      const marks = pendingOf(change.workspace_sid)
      if (entry.kind === 'worker') marks.workers.add(entry.sid)
      else if (entry.kind === 'reservation') marks.reservations.add(entry.sid)
      else marks.whole = true
    }
    if (touched) schedule(agentDelayMs)
  })
  const offStats = bus.on('app.statsDelta', (delta) => {
    const last = lastKpis.get(delta.workspace_sid)
    if (last !== undefined && now() - last < kpiEveryMs) return
    kpisDue.add(delta.workspace_sid)
    schedule(0)
  })

  type GridDiff = { changes: [string, string, number][]; removed: string[]; available: number }

  /** Reads every worker: the tiles that changed since the last push, and the available count. */
  function readWholeGrid(workspaceSid: string): GridDiff | null {
    let grid
    try {
      grid = engine.query('wallboardAgents.get', { workspace_sid: workspaceSid, include_names: false })
    } catch {
      grids.delete(workspaceSid)
      return null
    }
    let known = grids.get(workspaceSid)
    if (!known) grids.set(workspaceSid, (known = { tiles: new Map(), availableActivities: new Map(), available: 0 }))
    known.availableActivities = new Map(grid.activities.map((activity) => [activity.sid, activity.available]))
    const tiles = known.tiles
    const changes: [string, string, number][] = []
    const read = ++reads
    let available = 0
    for (let index = 0; index < grid.sids.length; index++) {
      const sid = grid.sids[index]!
      const activity = grid.activities[grid.activity_index[index]!]
      const activitySid = activity?.sid ?? ''
      if (activity?.available) available += 1
      const load = grid.load[index]!
      const tile = tiles.get(sid)
      if (tile) tile.seenIn = read
      if (tile && tile.activity === activitySid && tile.load === load) continue
      if (tile) {
        tile.activity = activitySid
        tile.load = load
      } else tiles.set(sid, { activity: activitySid, load, seenIn: read })
      changes.push([sid, activitySid, load])
    }
    const removed: string[] = []
    // Every tile left unseen by this read is a removed worker; equal sizes mean there is none.
    if (tiles.size !== grid.sids.length) {
      for (const [sid, tile] of tiles) {
        if (tile.seenIn === read) continue
        tiles.delete(sid)
        removed.push(sid)
      }
    }
    known.available = available
    return { changes, removed, available }
  }

  /** Reads only the workers a change named; falls back to a whole read when that cannot be exact. */
  function readTouched(workspaceSid: string, marks: Pending): GridDiff | null {
    const known = grids.get(workspaceSid)
    if (!known) return readWholeGrid(workspaceSid)
    let answer
    try {
      answer = engine.query('wallboardAgents.tiles', { workspace_sid: workspaceSid, worker_sids: [...marks.workers], reservation_sids: [...marks.reservations] })
    } catch {
      return readWholeGrid(workspaceSid)
    }
    if (answer.unresolved > 0) return readWholeGrid(workspaceSid)
    const isAvailable = (activitySid: string | undefined): boolean => (activitySid === undefined ? false : known.availableActivities.get(activitySid) ?? false)
    const changes: [string, string, number][] = []
    for (const [sid, activitySid, load] of answer.tiles) {
      const tile = known.tiles.get(sid)
      if (tile && tile.activity === activitySid && tile.load === load) continue
      known.available += (isAvailable(activitySid) ? 1 : 0) - (isAvailable(tile?.activity) ? 1 : 0)
      if (tile) {
        tile.activity = activitySid
        tile.load = load
      } else known.tiles.set(sid, { activity: activitySid, load, seenIn: reads })
      changes.push([sid, activitySid, load])
    }
    const removed: string[] = []
    for (const sid of answer.missing_workers) {
      const tile = known.tiles.get(sid)
      if (!tile) continue
      known.available -= isAvailable(tile.activity) ? 1 : 0
      known.tiles.delete(sid)
      removed.push(sid)
    }
    return { changes, removed, available: known.available }
  }

  function flush(): void {
    // Nobody watching: keep the marks, so the first flush after a client connects catches up.
    if (!bus.watched()) {
      schedule(1000)
      return
    }
    const workspaces = new Set([...pending.keys(), ...kpisDue])
    for (const workspaceSid of workspaces) {
      const marks = pending.get(workspaceSid)
      const wantKpis = kpisDue.has(workspaceSid)
      pending.delete(workspaceSid)
      kpisDue.delete(workspaceSid)
      const diff = marks?.whole ? readWholeGrid(workspaceSid) : marks ? readTouched(workspaceSid, marks) : currentGrid(workspaceSid)
      if (!diff) continue
      if (!wantKpis && diff.changes.length === 0 && diff.removed.length === 0) continue
      let kpis: PushPayload<'app.wallboard'>['kpis_30m'] = null
      if (wantKpis) {
        lastKpis.set(workspaceSid, now())
        try {
          const full = engine.query('stats.kpis', { workspace_sid: workspaceSid, window: '30m' })
          // The board reads queues and channel rollups; per-queue-per-channel KPIs would only
          // multiply the push (500 queues x every channel), so they are left out.
          kpis = { ...full, queues: full.queues.map((queue) => ({ ...queue, by_channel: [] })) }
        } catch (error) {
          console.error('[routedesk] wallboard KPIs failed:', error)
        }
      }
      bus.emit('app.wallboard', {
        workspace_sid: workspaceSid,
        generated_at_ms: engine.now(),
        available_workers: diff.available,
        agents: { changes: diff.changes, removed: diff.removed },
        kpis_30m: kpis,
      })
    }
  }

  /** No agent change pending: nothing to send but the count (a whole read the first time). */
  function currentGrid(workspaceSid: string): GridDiff | null {
    const known = grids.get(workspaceSid)
    return known ? { changes: [], removed: [], available: known.available } : readWholeGrid(workspaceSid)
  }

  return {
    flush,
    stop() {
      offChanged()
      offStats()
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
  }
}
