import type { StatsDelta, StatsSnapshot } from '@contract'
import { call, errorMessage, onResync, subscribe } from './api'
import { LiveStatsFrame } from './liveStatsModel'

/**
 * The renderer's live statistics: one subscription to the pushed `app.statsDelta` for every
 * page, a frame per workspace kept current by the deltas (app/liveStatsModel.ts), and the
 * rebuilt `StatsSnapshot` handed to listeners after each applied push (at most once a second
 * per workspace: the server's pace). A workspace is fetched whole (`stats.live`) when first
 * seen, after a gap in the push numbers and after a dropped link; pushes arriving meanwhile
 * wait and are applied on top.
 */

type Listener = (snapshot: StatsSnapshot) => void

interface Tracked {
  frame: LiveStatsFrame | null
  /** A `stats.live` fetch in flight; pushes arriving meanwhile wait in `waiting`. */
  loading: Promise<LiveStatsFrame | null> | null
  waiting: StatsDelta[]
}

const tracked = new Map<string, Tracked>()
const listeners = new Set<Listener>()
let stopTransport: (() => void)[] = []

/**
 * Calls `listener` with a workspace's statistics snapshot each time its live numbers change
 * (every workspace: filter on `workspace_sid`). The snapshot has the shape `stats.snapshot`
 * answers, without per-queue-per-channel KPIs (`by_channel` is empty).
 *
 * @returns the unsubscribe function.
 * @example
 * const stop = onLiveStats((snapshot) => { if (snapshot.workspace_sid === shown) counts.value = countsOf(snapshot) })
 */
export function onLiveStats(listener: Listener): () => void {
  listeners.add(listener)
  if (stopTransport.length === 0) {
    stopTransport = [
      subscribe('app.statsDelta', receive),
      // Pushes may have been missed while the link was down: every frame is refetched when next needed.
      onResync(() => tracked.clear()),
    ]
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size > 0) return
    for (const stop of stopTransport) stop()
    stopTransport = []
    tracked.clear()
  }
}

/**
 * The workspace's live snapshot now: fetched whole (`stats.live`), and from then on kept by the
 * pushes while anyone listens. Pages call it once when they open.
 *
 * @throws ApiCallError as `call` does (unknown workspace, signed out, ...).
 */
export async function loadLiveStats(workspaceSid: string): Promise<StatsSnapshot> {
  const frame = await refetch(workspaceSid, true)
  if (!frame) throw new Error(`No live statistics for ${workspaceSid}`)
  return frame.snapshot()
}

function entryOf(workspaceSid: string): Tracked {
  let entry = tracked.get(workspaceSid)
  if (!entry) tracked.set(workspaceSid, (entry = { frame: null, loading: null, waiting: [] }))
  return entry
}

function receive(push: StatsDelta): void {
  const entry = entryOf(push.workspace_sid)
  if (entry.loading) {
    entry.waiting.push(push)
    return
  }
  if (!entry.frame) {
    if (push.kind === 'full') {
      entry.frame = new LiveStatsFrame({ ...push })
      publish(entry.frame)
    } else {
      entry.waiting.push(push)
      void refetch(push.workspace_sid, false)
    }
    return
  }
  const result = entry.frame.apply(push)
  if (result === 'applied') publish(entry.frame)
  else if (result === 'gap') {
    entry.waiting.push(push)
    void refetch(push.workspace_sid, false)
  }
}

/** Fetches the whole frame, then applies the pushes that waited for it. */
function refetch(workspaceSid: string, rethrow: boolean): Promise<LiveStatsFrame | null> {
  const entry = entryOf(workspaceSid)
  entry.loading ??= call('stats.live', { workspace_sid: workspaceSid })
    .then((fetched) => {
      const frame = entry.frame && entry.frame.seq >= fetched.seq && fetched.seq > 0 ? entry.frame : new LiveStatsFrame(fetched)
      entry.frame = frame
      const waiting = entry.waiting
      entry.waiting = []
      // A gap right after a fresh frame cannot be closed by waiting: the next push starts over.
      for (const push of waiting) if (frame.apply(push) === 'gap') break
      publish(frame)
      return frame
    })
    .catch((error: unknown) => {
      if (tracked.get(workspaceSid) === entry) tracked.delete(workspaceSid)
      if (rethrow) throw error
      console.warn('[routedesk] live statistics refetch failed:', errorMessage(error))
      return null
    })
    .finally(() => {
      entry.loading = null
    })
  return entry.loading
}

function publish(frame: LiveStatsFrame): void {
  if (listeners.size === 0) return
  const snapshot = frame.snapshot()
  for (const listener of [...listeners]) listener(snapshot)
}
