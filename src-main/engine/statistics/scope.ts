import type { EngineContext } from '../configuration/context'
import type { WorkspaceState } from '../configuration/workspaceState'
import type { WorkspaceStatistics } from './book'
import { ALL } from './realtime'

/** What a statistics query reads: a workspace's state and statistics, a channel filter, the time. */
export interface Scope {
  state: WorkspaceState
  stats: WorkspaceStatistics
  /** A TaskChannel SID, or ALL. */
  channel: string
  now: number
}

export function scopeOf(ctx: EngineContext, input: { workspace_sid: string; task_channel?: string | undefined }): Scope {
  const state = ctx.workspace(input.workspace_sid)
  const channel = input.task_channel !== undefined ? state.getChannel(input.task_channel, 'task_channel').sid : ALL
  const now = ctx.clock.now()
  return { state, stats: ctx.statistics.of(state, now), channel, now }
}

/** Whole seconds from `since` to `now`, never negative. */
export const ageOf = (now: number, since: number): number => Math.max(0, Math.floor((now - since) / 1000))
