import type { MethodOutput, MethodParsedInput } from '../../contract/methods'
import type { WallboardAgents } from '../../contract/wallboard'
import type { EngineContext } from '../configuration/context'
import type { WorkspaceState } from '../configuration/workspaceState'
import type { WorkerRuntime } from '../routing/runtime'

/**
 * Percent of a worker's capacity in use, 0..100: its fullest channel's reservations (pending +
 * accepted + wrapping) over that channel's configured capacity, so one voice call on a
 * one-call voice channel reads 100 even with chat slots free. Work held on a channel with no
 * open capacity (turned off, or capacity 0) counts as full.
 */
export function workerLoadPercent(state: WorkspaceState, worker: WorkerRuntime): number {
  let fullest = 0
  for (const [channelSid, load] of worker.load) {
    const used = load.pending + load.accepted + load.wrapping
    if (used === 0) continue
    const channel = state.workerChannels.get(worker.sid)?.get(channelSid)
    const capacity = channel?.available ? channel.configured_capacity : 0
    fullest = Math.max(fullest, capacity === 0 ? 100 : Math.min(100, Math.round((used / capacity) * 100)))
  }
  return fullest
}

/** Every worker's activity and load, column-wise (contract/wallboard `WallboardAgents`). */
export function agentGrid(ctx: EngineContext, input: MethodParsedInput<'wallboardAgents.get'>): WallboardAgents {
  const state = ctx.workspace(input.workspace_sid)
  const activities = [...state.activities.values()].map((activity) => ({ sid: activity.sid, friendly_name: activity.friendly_name, available: activity.available }))
  const activityIndex = new Map(activities.map((activity, index) => [activity.sid, index]))
  const size = state.workerRuntime.size
  const grid: WallboardAgents = {
    workspace_sid: state.sid,
    generated_at_ms: ctx.clock.now(),
    activities,
    sids: new Array<string>(size),
    names: input.include_names === false ? [] : new Array<string>(size),
    activity_index: new Array<number>(size),
    load: new Array<number>(size),
  }
  let index = 0
  for (const worker of state.workerRuntime.values()) {
    grid.sids[index] = worker.sid
    if (input.include_names !== false) grid.names[index] = worker.friendly_name
    grid.activity_index[index] = activityIndex.get(worker.activity_sid) ?? -1
    grid.load[index] = workerLoadPercent(state, worker)
    index += 1
  }
  return grid
}

/**
 * The tiles of a few workers (the live feed's incremental read): the workers named, plus the
 * worker of each reservation named, as `[worker_sid, activity_sid, load]`. Workers that no
 * longer exist are listed in `missing_workers`; `unresolved` counts reservations not found (the
 * feed then re-reads the whole grid). Costs O(named), not O(workers).
 */
export function agentTiles(ctx: EngineContext, input: MethodParsedInput<'wallboardAgents.tiles'>): MethodOutput<'wallboardAgents.tiles'> {
  const state = ctx.workspace(input.workspace_sid)
  const wanted = new Set(input.worker_sids)
  let unresolved = 0
  for (const sid of input.reservation_sids) {
    const reservation = state.reservations.get(sid)
    if (reservation) wanted.add(reservation.worker_sid)
    else unresolved += 1
  }
  const tiles: [string, string, number][] = []
  const missing: string[] = []
  for (const sid of wanted) {
    const worker = state.workerRuntime.get(sid)
    if (worker) tiles.push([sid, worker.activity_sid, workerLoadPercent(state, worker)])
    else missing.push(sid)
  }
  return { tiles, missing_workers: missing, unresolved }
}
