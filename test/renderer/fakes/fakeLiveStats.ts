import type { StatsSnapshot } from '@contract'

type Listener = (snapshot: StatsSnapshot) => void
const listeners = new Set<Listener>()

/**
 * Stands in for app/liveStats in store and view tests: `vi.mock('@renderer/app/liveStats', () =>
 * import('../../fakes/fakeLiveStats'))`, then `pushLiveStats(snapshot)` plays a pushed update.
 * The real module (a frame kept by `app.statsDelta` pushes) is tested on its own.
 */
export function onLiveStats(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export async function loadLiveStats(): Promise<StatsSnapshot> {
  throw new Error('fakeLiveStats: loadLiveStats is not faked; answer stats.snapshot instead')
}

/** Hands `snapshot` to every listener, as an applied push would. */
export function pushLiveStats(snapshot: unknown): void {
  for (const listener of [...listeners]) listener(snapshot as StatsSnapshot)
}
