import type { Engine } from '../engine/engine'
import type { EventBus } from './eventBus'

export interface StatsFeed {
  /** Pushes a snapshot for every workspace whose statistics changed since the last push. */
  tick(): void
  stop(): void
}

/**
 * The live statistics feed behind the wallboard: every `intervalMs` (default 1 s) it pushes
 * `app.stats` (workspace + every queue real-time + KPIs "now", per channel) for each workspace
 * whose statistics moved since its last push, so at most once a second and only on change.
 * Ages in the snapshot are as of `generated_at_ms`: a wallboard adds the time elapsed since.
 *
 * @example
 * const feed = startStatsFeed(engine, bus)
 * // ... later, on shutdown
 * feed.stop()
 */
export function startStatsFeed(engine: Engine, bus: EventBus, options: { intervalMs?: number; timers?: boolean } = {}): StatsFeed {
  const pushed = new Map<string, number>()
  const tick = (): void => {
    // Nobody watching: push nothing. `pushed` keeps the last versions, so the first tick after
    // a client connects sends every workspace that changed meanwhile.
    if (!bus.watched()) return
    const live = new Set(engine.workspaceSids())
    for (const sid of pushed.keys()) if (!live.has(sid)) pushed.delete(sid)
    for (const sid of live) {
      const version = engine.statisticsVersion(sid)
      if (pushed.get(sid) === version) continue
      pushed.set(sid, version)
      try {
        bus.emit('app.stats', engine.query('stats.snapshot', { workspace_sid: sid }))
      } catch (error) {
        console.error('[routedesk] statistics snapshot failed:', error)
      }
    }
  }
  const handle = options.timers === false ? undefined : setInterval(tick, options.intervalMs ?? 1000)
  handle?.unref?.()
  return { tick, stop: () => (handle ? clearInterval(handle) : undefined) }
}
