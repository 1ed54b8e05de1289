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

/** Changes that can move a worker's tile: its activity, its channels, its reservations. */
const AGENT_KINDS = new Set(['worker', 'worker_channel', 'reservation', 'activity'])

interface Tile {
  activity: string
  load: number
  /** The read that last saw this worker (finds removed workers without a Set per read). */
  seenIn: number
}

/**
 * The wallboard's push (`app.wallboard`, contract/wallboard.ts), beside the statistics feed:
 * - agent-grid deltas: after a committed change touches workers, channels, reservations or
 *   activities, the workspace's grid is read once (within `agentDelayMs`, so a burst of
 *   commands costs one read) and only the tiles that differ from the last push are sent;
 * - the available-worker count at that moment, so the big number follows as fast as the grid;
 * - KPIs over the last 30 minutes (SLA %, ASA, abandoned), riding on `app.stats` ticks at most
 *   every `kpiEveryMs` (the pushed snapshot holds KPIs "now" only).
 * Cost per read: one pass over the workspace's workers, no names, no per-tile allocation.
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
  const tiles = new Map<string, Map<string, Tile>>()
  const dirty = new Set<string>()
  const kpisDue = new Set<string>()
  const lastKpis = new Map<string, number>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let reads = 0

  // Start from the current grids, so the first change after start-up is a small delta.
  for (const sid of engine.workspaceSids()) diffGrid(sid)

  function schedule(delayMs: number): void {
    if (options.timers === false || timer !== null) return
    timer = setTimeout(() => {
      timer = null
      flush()
    }, delayMs)
    timer.unref?.()
  }

  const offChanged = bus.on('app.changed', (change) => {
    if (!change.changes.some((entry) => AGENT_KINDS.has(entry.kind) || entry.kind === 'workspace')) return
    // Deletions arrive without a workspace: re-read every grid we know.
    if (change.workspace_sid === null) for (const sid of tiles.keys()) dirty.add(sid)
    else dirty.add(change.workspace_sid)
    schedule(agentDelayMs)
  })
  const offStats = bus.on('app.stats', (snapshot) => {
    const last = lastKpis.get(snapshot.workspace_sid)
    if (last !== undefined && now() - last < kpiEveryMs) return
    kpisDue.add(snapshot.workspace_sid)
    schedule(0)
  })

  /** The tiles that changed since the last push, and the workspace's available count. */
  function diffGrid(workspaceSid: string): { changes: [string, string, number][]; removed: string[]; available: number } | null {
    let grid
    try {
      grid = engine.query('wallboardAgents.get', { workspace_sid: workspaceSid, include_names: false })
    } catch {
      tiles.delete(workspaceSid)
      return null
    }
    let known = tiles.get(workspaceSid)
    if (!known) tiles.set(workspaceSid, (known = new Map()))
    const changes: [string, string, number][] = []
    const read = ++reads
    let available = 0
    for (let index = 0; index < grid.sids.length; index++) {
      const sid = grid.sids[index]!
      const activity = grid.activities[grid.activity_index[index]!]
      const activitySid = activity?.sid ?? ''
      if (activity?.available) available += 1
      const load = grid.load[index]!
      const tile = known.get(sid)
      if (tile) tile.seenIn = read
      if (tile && tile.activity === activitySid && tile.load === load) continue
      if (tile) {
        tile.activity = activitySid
        tile.load = load
      } else known.set(sid, { activity: activitySid, load, seenIn: read })
      changes.push([sid, activitySid, load])
    }
    const removed: string[] = []
    // Every tile left unseen by this read is a removed worker; equal sizes mean there is none.
    if (known.size !== grid.sids.length) {
      for (const [sid, tile] of known) {
        if (tile.seenIn === read) continue
        known.delete(sid)
        removed.push(sid)
      }
    }
    return { changes, removed, available }
  }

  function flush(): void {
    // Nobody watching: keep the dirty marks, so the first flush after a client connects catches up.
    if (!bus.watched()) {
      schedule(1000)
      return
    }
    const workspaces = new Set([...dirty, ...kpisDue])
    for (const workspaceSid of workspaces) {
      const agentsChanged = dirty.has(workspaceSid)
      const wantKpis = kpisDue.has(workspaceSid)
      dirty.delete(workspaceSid)
      kpisDue.delete(workspaceSid)
      const diff = diffGrid(workspaceSid)
      if (!diff) continue
      if (agentsChanged && !wantKpis && diff.changes.length === 0 && diff.removed.length === 0) continue
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
