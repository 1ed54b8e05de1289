import type { LiveAgents, LiveChannel, LiveQueue, LiveStats, LiveWorkspace } from '../../contract/liveStats'
import type { MethodOutput, MethodParsedInput } from '../../contract/methods'
import { SLA_FORMULA_TEXT } from '../../contract/slaFormula'
import type { KpiNow } from '../../contract/statistics'
import type { EngineContext } from '../configuration/context'
import type { WorkspaceState } from '../configuration/workspaceState'
import { settingsOf } from './kpis'
import { ALL, type TaskTally, type WorkerTally } from './realtime'
import { ageOf, scopeOf, type Scope } from './scope'

/**
 * `stats.live`: the compact live frame (contract/liveStats) the statistics feed diffs and pushes.
 * It holds the same numbers as `stats.snapshot` minus the per-queue-per-channel KPIs, read
 * straight from the real-time tallies: one pass over the queues, plus one per channel for the
 * channel rollups. `seq` is 0 here; the feed (api/statsFeed) numbers its pushes.
 *
 * Invariant (test/engine/wallboard/liveStats.test.ts): the renderer's rebuild of a snapshot
 * from this frame equals `stats.snapshot` with empty `by_channel` lists.
 */
export function liveStats(ctx: EngineContext, input: MethodParsedInput<'stats.live'>): MethodOutput<'stats.live'> {
  return liveStatsOf(scopeOf(ctx, input))
}

export function liveStatsOf(scope: Scope): LiveStats {
  const { state, stats } = scope
  const realtime = stats.realtime
  const activitySids = [...state.activities.values()].map((activity) => activity.sid)
  const queues: LiveQueue[] = []
  for (const queue of state.queues.values()) {
    const scopeKey = queueScope(queue.sid)
    const tasks = realtime.taskTally(scopeKey, ALL)
    const workers = realtime.workerTally(scopeKey, ALL)
    const oldest = realtime.oldestWaiting(tasks)
    const oldestInQueue = realtime.oldestWaiting(tasks, true)
    const settings = settingsOf(queue)
    queues.push({
      task_queue_sid: queue.sid,
      friendly_name: queue.friendly_name,
      sla_threshold_seconds: settings.threshold,
      short_abandon_seconds: settings.shortAbandon,
      sla_formula: settings.formula,
      sla_formula_text: SLA_FORMULA_TEXT[settings.formula],
      total_available_workers: workers?.available ?? 0,
      total_eligible_workers: workers?.total ?? 0,
      total_tasks: tasks?.total ?? 0,
      activity_workers: activityWorkers(activitySids, workers),
      tasks_by_status: byStatus(tasks),
      tasks_by_priority: byPriority(tasks),
      longest_task_waiting_since: oldest ? oldest.key : null,
      longest_task_waiting_sid: oldest?.sid ?? null,
      longest_relative_task_since: oldestInQueue ? oldestInQueue.key : null,
      longest_relative_task_sid_in_queue: oldestInQueue?.sid ?? null,
      agents_unavailable: workers?.unavailable ?? 0,
      agents_offline: workers?.offline ?? 0,
      occupancy: occupancyOf(workers),
    })
  }
  return {
    workspace_sid: state.sid,
    seq: 0,
    generated_at_ms: scope.now,
    activities: [...state.activities.values()].map((activity) => ({ sid: activity.sid, friendly_name: activity.friendly_name })),
    workspace: workspaceOf(scope, activitySids),
    rollup_agents: agentsOf(realtime.workerTally('anyq', ALL)),
    queues,
    channels: channelsOf(scope, state),
  }
}

function workspaceOf(scope: Scope, activitySids: readonly string[]): LiveWorkspace {
  const realtime = scope.stats.realtime
  const tasks = realtime.taskTally('ws', ALL)
  const workers = realtime.workerTally('ws', ALL)
  const oldest = realtime.oldestWaiting(tasks)
  return {
    total_workers: workers?.total ?? 0,
    total_tasks: tasks?.total ?? 0,
    activity_workers: activityWorkers(activitySids, workers),
    tasks_by_status: byStatus(tasks),
    tasks_by_priority: byPriority(tasks),
    longest_task_waiting_since: oldest ? oldest.key : null,
    longest_task_waiting_sid: oldest?.sid ?? null,
  }
}

/**
 * Each channel's rollup over every queue, as `stats.kpis` (window now) computes it: agents once
 * from the `anyq` tally, tasks summed over the queues, the longest relative wait the maximum
 * (the first queue in order wins a tie).
 */
function channelsOf(scope: Scope, state: WorkspaceState): LiveChannel[] {
  const realtime = scope.stats.realtime
  const channels: LiveChannel[] = []
  const scopeKeys = [...state.queues.values()].map((queue) => queueScope(queue.sid))
  for (const channel of state.channels.values()) {
    const now: KpiNow = { active_tasks: 0, waiting_tasks: 0, longest_wait: 0, longest_wait_task_sid: null, ...agentsOf(realtime.workerTally('anyq', channel.sid)) }
    for (const scopeKey of scopeKeys) {
      const tasks = realtime.taskTally(scopeKey, channel.sid)
      if (!tasks || tasks.total === 0) continue
      now.active_tasks += tasks.assigned + tasks.wrapping
      now.waiting_tasks += tasks.waiting
      const oldest = realtime.oldestWaiting(tasks, true)
      const age = oldest ? ageOf(scope.now, oldest.key) : 0
      if (age > now.longest_wait || (now.longest_wait_task_sid === null && oldest)) {
        now.longest_wait = age
        now.longest_wait_task_sid = oldest?.sid ?? null
      }
    }
    channels.push({ task_channel_sid: channel.sid, task_channel_unique_name: channel.unique_name, now })
  }
  return channels
}

function agentsOf(workers: WorkerTally | undefined): LiveAgents {
  return { agents_available: workers?.available ?? 0, agents_unavailable: workers?.unavailable ?? 0, agents_offline: workers?.offline ?? 0, occupancy: occupancyOf(workers) }
}

function activityWorkers(activitySids: readonly string[], workers: WorkerTally | undefined): number[] {
  return activitySids.map((sid) => workers?.workersIn(sid) ?? 0)
}

function byStatus(tally: TaskTally | undefined): LiveQueue['tasks_by_status'] {
  return { pending: tally?.pending ?? 0, reserved: tally?.reserved ?? 0, assigned: tally?.assigned ?? 0, wrapping: tally?.wrapping ?? 0 }
}

/** A queue's scope in the real-time tallies. */
const queueScope = (queueSid: string): string => `q:${queueSid}`

function byPriority(tally: TaskTally | undefined): Record<string, number> {
  const out: Record<string, number> = {}
  if (!tally || tally.byPriority.size === 0) return out
  for (const priority of [...tally.byPriority.keys()].sort((a, b) => a - b)) out[String(priority)] = tally.byPriority.get(priority)!
  return out
}

/** Busy over busy + available idle, percent to one decimal (KPIS.md; as kpis.ts). */
function occupancyOf(workers: WorkerTally | undefined): number | null {
  const busy = workers?.busy ?? 0
  const whole = busy + (workers?.idle ?? 0)
  return whole > 0 ? Math.round((busy / whole) * 100 * 10) / 10 : null
}
