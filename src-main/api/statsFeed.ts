import type { LiveStats } from '../contract/liveStats'
import type { Engine } from '../engine/engine'
import type { EventBus } from './eventBus'
import { diffLiveStats } from './statsDelta'

export interface StatsFeed {
  /** Pushes what changed in every workspace whose statistics moved since the last push. */
  tick(): void
  /**
   * The live frame of a workspace with its `seq` (what `stats.live` answers): refreshed now,
   * pushing what changed first, so deltas `seq + 1`, ... continue from exactly this frame.
   *
   * @throws EngineError (20404) for an unknown workspace.
   */
  current(workspaceSid: string): LiveStats
  stop(): void
}

interface Pushed {
  /** The frame as of the last push; its `seq` is that push's. */
  frame: LiveStats
  /** engine.statisticsVersion when `frame` was read. */
  version: number
}

/** The feed serving each bus, so `stats.live` (answered by dispatch) continues its numbering. */
const feeds = new WeakMap<EventBus, StatsFeed>()

/**
 * The live statistics feed: every `intervalMs` (default 1 s), for each workspace whose
 * statistics moved, reads the compact frame (`stats.live`, engine/statistics/liveStats), diffs
 * it with the last pushed one and pushes only the changed fields as `app.statsDelta`
 * (api/statsDelta), numbered per workspace. A client starts from `stats.live` (a whole frame with
 * its `seq`) and applies `seq + 1`, `seq + 2`, ...; on a gap it asks `stats.live` again.
 * Nobody watching (no window, web UI or share stream): nothing is read at all.
 *
 * @example
 * const feed = startStatsFeed(engine, bus)
 * // ... later, on shutdown
 * feed.stop()
 */
export function startStatsFeed(engine: Engine, bus: EventBus, options: { intervalMs?: number; timers?: boolean } = {}): StatsFeed {
  const pushed = new Map<string, Pushed>()

  /** Reads the workspace's frame now and pushes what changed since the last push. */
  function refresh(workspaceSid: string): Pushed {
    const next = engine.query('stats.live', { workspace_sid: workspaceSid })
    const version = engine.statisticsVersion(workspaceSid)
    const last = pushed.get(workspaceSid)
    if (!last) {
      const first = { frame: { ...next, seq: 1 }, version }
      pushed.set(workspaceSid, first)
      bus.emit('app.statsDelta', { kind: 'full', ...first.frame })
      return first
    }
    last.version = version
    const delta = diffLiveStats(last.frame, next, last.frame.seq + 1)
    if (!delta) return last
    last.frame = { ...next, seq: delta.seq }
    bus.emit('app.statsDelta', delta)
    return last
  }

  const tick = (): void => {
    // Nobody watching: read nothing. The next tick (or `current`) diffs against the last push.
    if (!bus.watched()) return
    const live = new Set(engine.workspaceSids())
    for (const sid of pushed.keys()) if (!live.has(sid)) pushed.delete(sid)
    for (const sid of live) {
      if (pushed.get(sid)?.version === engine.statisticsVersion(sid)) continue
      try {
        refresh(sid)
      } catch (error) {
        console.error('[routedesk] live statistics failed:', error)
      }
    }
  }

  const handle = options.timers === false ? undefined : setInterval(tick, options.intervalMs ?? 1000)
  handle?.unref?.()
  const feed: StatsFeed = {
    tick,
    current: (workspaceSid) => refresh(workspaceSid).frame,
    stop: () => {
      if (handle) clearInterval(handle)
      if (feeds.get(bus) === feed) feeds.delete(bus)
    },
  }
  feeds.set(bus, feed)
  return feed
}

/**
 * Answers `stats.live`: from the bus's feed (so its `seq` is the one deltas continue from), or
 * straight from the engine with `seq` 0 when no feed runs (tests, tools: no deltas follow).
 */
export function answerLiveStats(engine: Engine, bus: EventBus, input: { workspace_sid: string }): LiveStats {
  const feed = feeds.get(bus)
  return feed ? feed.current(input.workspace_sid) : engine.query('stats.live', input)
}
