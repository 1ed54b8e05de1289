import type { MethodOutput, MethodParsedInput } from '../../contract/methods'
import type {
  DurationSummary,
  QueueCumulative,
  QueueRealtime,
  WorkersCumulative,
  WorkersRealtime,
  WorkflowCumulative,
  WorkflowRealtime,
  WorkspaceCumulative,
  WorkspaceRealtime,
} from '../../contract/statistics'
import { isoSeconds } from '../clock'
import type { EngineContext } from '../configuration/context'
import { fold } from '../configuration/namedCollection'
import type { WorkspaceState } from '../configuration/workspaceState'
import { InvalidParameterError, NotFoundError } from '../errors'
import type { TaskQueueRecord } from '../model'
import { Aggregate, type DurationStat } from './cumulative'
import { kpisOf } from './kpis'
import { ALL, type TaskTally, type WorkerTally } from './realtime'
import { ageOf, type Scope, scopeOf } from './scope'

/**
 * The statistics queries (contract `stats.*`): real-time numbers read from the incremental
 * counters, cumulative ones summed from minute buckets, KPIs from both. Field names are
 * REFERENCE §8.2's; see realtime.ts and cumulative.ts for the counting rules.
 */

const MINUTE = 60_000

interface Window {
  fromMinute: number
  toMinute: number
  start: number
  end: number
}

/** `minutes` (default 15) back from now, or `start_date`..`end_date` (end defaults to now). */
function windowOf(now: number, input: { minutes?: number | undefined; start_date?: string | undefined; end_date?: string | undefined }): Window {
  let start: number
  let end = now
  if (input.end_date !== undefined) end = Math.min(now, Date.parse(input.end_date))
  if (input.start_date !== undefined) {
    start = Date.parse(input.start_date)
    if (input.minutes !== undefined) throw new InvalidParameterError('Give either minutes or start_date, not both', 'minutes')
  } else {
    start = end - (input.minutes ?? 15) * MINUTE
  }
  if (Number.isNaN(start) || Number.isNaN(end)) throw new InvalidParameterError('start_date and end_date must be valid dates', 'start_date')
  if (start > end) throw new InvalidParameterError('start_date must be before end_date', 'start_date')
  start = Math.max(start, now - 30 * 24 * 60 * MINUTE)
  const fromMinute = Math.floor(start / MINUTE)
  const toMinute = end === now ? Math.floor(end / MINUTE) : Math.ceil(end / MINUTE) - 1
  return { fromMinute, toMinute, start: fromMinute * MINUTE, end }
}

function thresholdsOf(split: string | number[] | undefined): number[] | null {
  if (split === undefined) return null
  const list = typeof split === 'string' ? split.split(',').map((part) => Number(part.trim())) : split
  if (list.length > 10) throw new InvalidParameterError('split_by_wait_time takes at most 10 thresholds', 'split_by_wait_time')
  return [...new Set(list)].sort((a, b) => a - b)
}

/** What activity statistics read from a tally (or from a list of workers). */
type WorkerCounts = Pick<WorkerTally, 'total' | 'workersIn'>

function activityStatistics(state: WorkspaceState, tally: WorkerCounts | undefined): { sid: string; friendly_name: string; workers: number }[] {
  const out = []
  for (const activity of state.activities.values()) out.push({ sid: activity.sid, friendly_name: activity.friendly_name, workers: tally?.workersIn(activity.sid) ?? 0 })
  return out
}

function byStatus(tally: TaskTally | undefined): { pending: number; reserved: number; assigned: number; wrapping: number } {
  return { pending: tally?.pending ?? 0, reserved: tally?.reserved ?? 0, assigned: tally?.assigned ?? 0, wrapping: tally?.wrapping ?? 0 }
}

function byPriority(tally: TaskTally | undefined): Record<string, number> {
  const out: Record<string, number> = {}
  if (!tally) return out
  for (const priority of [...tally.byPriority.keys()].sort((a, b) => a - b)) out[String(priority)] = tally.byPriority.get(priority)!
  return out
}

function summary(stat: DurationStat): DurationSummary {
  if (stat.count === 0) return { avg: 0, min: 0, max: 0, total: 0 }
  return { avg: Math.round(stat.total / stat.count), min: stat.min, max: stat.max, total: stat.total }
}

function splitOf(aggregate: Aggregate, thresholds: number[] | null): WorkspaceCumulative['split_by_wait_time'] {
  if (!thresholds) return null
  const canceledBelow = aggregate.below('canceled', thresholds)
  const acceptedBelow = aggregate.below('accepted', thresholds)
  const canceled = aggregate.count('tasks_canceled')
  const accepted = aggregate.count('reservations_accepted')
  const out: NonNullable<WorkspaceCumulative['split_by_wait_time']> = {}
  thresholds.forEach((threshold, index) => {
    out[String(threshold)] = {
      above: { tasks_canceled: canceled - canceledBelow[index]!, reservations_accepted: accepted - acceptedBelow[index]! },
      below: { tasks_canceled: canceledBelow[index]!, reservations_accepted: acceptedBelow[index]! },
    }
  })
  return out
}

function reservationCounts(aggregate: Aggregate): Pick<WorkersCumulative, 'reservations_created' | 'reservations_accepted' | 'reservations_rejected' | 'reservations_timed_out' | 'reservations_canceled' | 'reservations_rescinded'> {
  return {
    reservations_created: aggregate.count('reservations_created'),
    reservations_accepted: aggregate.count('reservations_accepted'),
    reservations_rejected: aggregate.count('reservations_rejected'),
    reservations_timed_out: aggregate.count('reservations_timed_out'),
    reservations_canceled: aggregate.count('reservations_canceled'),
    reservations_rescinded: aggregate.count('reservations_rescinded'),
  }
}

function commonCumulative(aggregate: Aggregate, window: Window) {
  return {
    start_time: isoSeconds(window.start),
    end_time: isoSeconds(window.end),
    avg_task_acceptance_time: summary(aggregate.duration('accepted')).avg,
    ...reservationCounts(aggregate),
    tasks_canceled: aggregate.count('tasks_canceled'),
    tasks_completed: aggregate.count('tasks_completed'),
    tasks_deleted: aggregate.count('tasks_deleted'),
    tasks_moved: aggregate.count('tasks_moved'),
    wait_duration_until_accepted: summary(aggregate.duration('accepted')),
    wait_duration_until_canceled: summary(aggregate.duration('canceled')),
  }
}

// ---------------------------------------------------------------- workspace

export function workspaceRealtimeOf(scope: Scope): WorkspaceRealtime {
  const { state, stats, channel, now } = scope
  const tasks = stats.realtime.taskTally('ws', channel)
  const workers = stats.realtime.workerTally('ws', channel)
  const oldest = stats.realtime.oldestWaiting(tasks)
  return {
    workspace_sid: state.sid,
    total_workers: workers?.total ?? 0,
    total_tasks: tasks?.total ?? 0,
    activity_statistics: activityStatistics(state, workers),
    tasks_by_status: byStatus(tasks),
    tasks_by_priority: byPriority(tasks),
    longest_task_waiting_age: oldest ? ageOf(now, oldest.key) : 0,
    longest_task_waiting_sid: oldest?.sid ?? null,
  }
}

function workspaceCumulativeOf(scope: Scope, input: MethodParsedInput<'statsCumulative.workspace'>): WorkspaceCumulative {
  const window = windowOf(scope.now, input)
  const aggregate = scope.stats.cumulative.aggregate('ws', scope.channel, window.fromMinute, window.toMinute)
  return {
    workspace_sid: scope.state.sid,
    ...commonCumulative(aggregate, window),
    tasks_created: aggregate.count('tasks_created'),
    tasks_timed_out_in_workflow: aggregate.count('tasks_timed_out_in_workflow'),
    split_by_wait_time: splitOf(aggregate, thresholdsOf(input.split_by_wait_time)),
  }
}

export function workspaceRealtime(ctx: EngineContext, input: MethodParsedInput<'statsRealtime.workspace'>): WorkspaceRealtime {
  return workspaceRealtimeOf(scopeOf(ctx, input))
}

export function workspaceCumulative(ctx: EngineContext, input: MethodParsedInput<'statsCumulative.workspace'>): WorkspaceCumulative {
  return workspaceCumulativeOf(scopeOf(ctx, input), input)
}

export function workspaceStatistics(ctx: EngineContext, input: MethodParsedInput<'stats.workspace'>): MethodOutput<'stats.workspace'> {
  const scope = scopeOf(ctx, input)
  return { workspace_sid: scope.state.sid, realtime: workspaceRealtimeOf(scope), cumulative: workspaceCumulativeOf(scope, input) }
}

// ---------------------------------------------------------------- queues

export function queueRealtimeOf(scope: Scope, queueSid: string): QueueRealtime {
  const { state, stats, channel, now } = scope
  const tasks = stats.realtime.taskTally(`q:${queueSid}`, channel)
  const workers = stats.realtime.workerTally(`q:${queueSid}`, channel)
  const oldest = stats.realtime.oldestWaiting(tasks)
  const oldestInQueue = stats.realtime.oldestWaiting(tasks, true)
  return {
    workspace_sid: state.sid,
    task_queue_sid: queueSid,
    total_available_workers: workers?.available ?? 0,
    total_eligible_workers: workers?.total ?? 0,
    total_tasks: tasks?.total ?? 0,
    activity_statistics: activityStatistics(state, workers),
    tasks_by_status: byStatus(tasks),
    tasks_by_priority: byPriority(tasks),
    longest_task_waiting_age: oldest ? ageOf(now, oldest.key) : 0,
    longest_task_waiting_sid: oldest?.sid ?? null,
    longest_relative_task_age_in_queue: oldestInQueue ? ageOf(now, oldestInQueue.key) : 0,
    longest_relative_task_sid_in_queue: oldestInQueue?.sid ?? null,
  }
}

function queueCumulativeOf(scope: Scope, queueSid: string, input: MethodParsedInput<'statsCumulative.queue'> | MethodParsedInput<'stats.queues'>): QueueCumulative {
  const window = windowOf(scope.now, input)
  const aggregate = scope.stats.cumulative.aggregate(`q:${queueSid}`, scope.channel, window.fromMinute, window.toMinute)
  return {
    workspace_sid: scope.state.sid,
    task_queue_sid: queueSid,
    ...commonCumulative(aggregate, window),
    tasks_entered: aggregate.count('tasks_entered'),
    wait_duration_in_queue_until_accepted: summary(aggregate.duration('in_queue_accepted')),
    split_by_wait_time: splitOf(aggregate, thresholdsOf(input.split_by_wait_time)),
  }
}

export function queueRealtime(ctx: EngineContext, input: MethodParsedInput<'statsRealtime.queue'>): QueueRealtime {
  const scope = scopeOf(ctx, input)
  return queueRealtimeOf(scope, scope.state.queues.get(input.task_queue_sid, 'task_queue_sid').sid)
}

export function queueCumulative(ctx: EngineContext, input: MethodParsedInput<'statsCumulative.queue'>): QueueCumulative {
  const scope = scopeOf(ctx, input)
  return queueCumulativeOf(scope, scope.state.queues.get(input.task_queue_sid, 'task_queue_sid').sid, input)
}

export function queueStatistics(ctx: EngineContext, input: MethodParsedInput<'stats.queue'>): MethodOutput<'stats.queue'> {
  const scope = scopeOf(ctx, input)
  const sid = scope.state.queues.get(input.task_queue_sid, 'task_queue_sid').sid
  return { workspace_sid: scope.state.sid, task_queue_sid: sid, realtime: queueRealtimeOf(scope, sid), cumulative: queueCumulativeOf(scope, sid, input) }
}

export function queuesStatistics(ctx: EngineContext, input: MethodParsedInput<'stats.queues'>): MethodOutput<'stats.queues'> {
  const scope = scopeOf(ctx, input)
  const out: MethodOutput<'stats.queues'> = []
  for (const queue of scope.state.queues.values()) {
    if (input.friendly_name !== undefined && fold(queue.friendly_name) !== fold(input.friendly_name)) continue
    out.push({ workspace_sid: scope.state.sid, task_queue_sid: queue.sid, realtime: queueRealtimeOf(scope, queue.sid), cumulative: queueCumulativeOf(scope, queue.sid, input) })
  }
  return out
}

/** Bulk real-time statistics: SIDs not in this workspace come back with zeros (REFERENCE §8.3). */
export function queuesBulkRealtime(ctx: EngineContext, input: MethodParsedInput<'statsRealtime.queues'>): MethodOutput<'statsRealtime.queues'> {
  const scope = scopeOf(ctx, input)
  const data = input.queue_sids.map((sid) => {
    const { workspace_sid: _workspace, ...realtime } = queueRealtimeOf(scope, sid)
    return realtime
  })
  return { workspace_sid: scope.state.sid, task_queue_data: data, task_queue_response_count: data.length }
}

// ---------------------------------------------------------------- workflows

function workflowRealtimeOf(scope: Scope, workflowSid: string): WorkflowRealtime {
  const tasks = scope.stats.realtime.taskTally(`wf:${workflowSid}`, scope.channel)
  const oldest = scope.stats.realtime.oldestWaiting(tasks)
  return {
    workspace_sid: scope.state.sid,
    workflow_sid: workflowSid,
    total_tasks: tasks?.total ?? 0,
    tasks_by_status: byStatus(tasks),
    tasks_by_priority: byPriority(tasks),
    longest_task_waiting_age: oldest ? ageOf(scope.now, oldest.key) : 0,
    longest_task_waiting_sid: oldest?.sid ?? null,
  }
}

function workflowCumulativeOf(scope: Scope, workflowSid: string, input: MethodParsedInput<'statsCumulative.workflow'>): WorkflowCumulative {
  const window = windowOf(scope.now, input)
  const aggregate = scope.stats.cumulative.aggregate(`wf:${workflowSid}`, scope.channel, window.fromMinute, window.toMinute)
  return {
    workspace_sid: scope.state.sid,
    workflow_sid: workflowSid,
    ...commonCumulative(aggregate, window),
    tasks_entered: aggregate.count('tasks_entered'),
    tasks_timed_out_in_workflow: aggregate.count('tasks_timed_out_in_workflow'),
    split_by_wait_time: splitOf(aggregate, thresholdsOf(input.split_by_wait_time)),
  }
}

export function workflowRealtime(ctx: EngineContext, input: MethodParsedInput<'statsRealtime.workflow'>): WorkflowRealtime {
  const scope = scopeOf(ctx, input)
  return workflowRealtimeOf(scope, scope.state.workflows.get(input.workflow_sid, 'workflow_sid').sid)
}

export function workflowCumulative(ctx: EngineContext, input: MethodParsedInput<'statsCumulative.workflow'>): WorkflowCumulative {
  const scope = scopeOf(ctx, input)
  return workflowCumulativeOf(scope, scope.state.workflows.get(input.workflow_sid, 'workflow_sid').sid, input)
}

export function workflowStatistics(ctx: EngineContext, input: MethodParsedInput<'stats.workflow'>): MethodOutput<'stats.workflow'> {
  const scope = scopeOf(ctx, input)
  const sid = scope.state.workflows.get(input.workflow_sid, 'workflow_sid').sid
  return { workspace_sid: scope.state.sid, workflow_sid: sid, realtime: workflowRealtimeOf(scope, sid), cumulative: workflowCumulativeOf(scope, sid, input) }
}

// ---------------------------------------------------------------- workers

function workersCumulativeOf(scope: Scope, workerSids: readonly string[] | null, input: { minutes?: number | undefined; start_date?: string | undefined; end_date?: string | undefined }): WorkersCumulative {
  const window = windowOf(scope.now, input)
  const cumulative = scope.stats.cumulative
  let aggregate: Aggregate
  if (workerSids === null) {
    aggregate = cumulative.aggregate('ws', scope.channel, window.fromMinute, window.toMinute)
    // Activity durations are not per channel: always from the all-channels buckets.
    if (scope.channel !== ALL) aggregate.addActivities(cumulative.aggregate('ws', ALL, window.fromMinute, window.toMinute))
  } else {
    aggregate = new Aggregate()
    for (const sid of workerSids) {
      cumulative.aggregate(`wk:${sid}`, scope.channel, window.fromMinute, window.toMinute, aggregate)
      if (scope.channel !== ALL) aggregate.addActivities(cumulative.aggregate(`wk:${sid}`, ALL, window.fromMinute, window.toMinute))
    }
  }
  const activity_durations = []
  for (const activity of scope.state.activities.values()) {
    const stat = aggregate.activities.get(activity.sid)
    activity_durations.push({ sid: activity.sid, friendly_name: activity.friendly_name, ...summary(stat ?? { count: 0, total: 0, min: 0, max: 0 }) })
  }
  return { workspace_sid: scope.state.sid, start_time: isoSeconds(window.start), end_time: isoSeconds(window.end), activity_durations, ...reservationCounts(aggregate) }
}

function workersRealtimeOf(scope: Scope, tally: WorkerCounts | undefined): WorkersRealtime {
  return { workspace_sid: scope.state.sid, total_workers: tally?.total ?? 0, activity_statistics: activityStatistics(scope.state, tally) }
}

export function workersRealtime(ctx: EngineContext, input: MethodParsedInput<'statsRealtime.workers'>): WorkersRealtime {
  const scope = scopeOf(ctx, input)
  return workersRealtimeOf(scope, scope.stats.realtime.workerTally('ws', scope.channel))
}

export function workersCumulative(ctx: EngineContext, input: MethodParsedInput<'statsCumulative.workers'>): WorkersCumulative {
  return workersCumulativeOf(scopeOf(ctx, input), null, input)
}

/**
 * Workers statistics, optionally for one queue's members and/or workers named `friendly_name`.
 * Without filters both halves are O(1) reads; the name filter scans the workers (it is rare).
 */
export function workersStatistics(ctx: EngineContext, input: MethodParsedInput<'stats.workers'>): MethodOutput<'stats.workers'> {
  const scope = scopeOf(ctx, input)
  const { state } = scope
  let queue: TaskQueueRecord | undefined
  if (input.task_queue_sid !== undefined) queue = state.queues.get(input.task_queue_sid, 'task_queue_sid')
  else if (input.task_queue_name !== undefined) {
    queue = state.queues.findByName(input.task_queue_name)
    if (!queue) throw new NotFoundError(`The requested task queue ${input.task_queue_name} was not found`, 'task_queue_name')
  }
  let realtime: WorkersRealtime
  let cumulative: WorkersCumulative
  if (input.friendly_name === undefined && !queue) {
    realtime = workersRealtimeOf(scope, scope.stats.realtime.workerTally('ws', scope.channel))
    cumulative = workersCumulativeOf(scope, null, input)
  } else {
    const members = queue ? state.queueRuntime.get(queue.sid)?.members : undefined
    const selected: string[] = []
    for (const worker of state.workers.values()) {
      if (members && !members.has(worker.sid)) continue
      if (input.friendly_name !== undefined && fold(worker.friendly_name) !== fold(input.friendly_name)) continue
      selected.push(worker.sid)
    }
    realtime = input.friendly_name === undefined && queue
      ? workersRealtimeOf(scope, scope.stats.realtime.workerTally(`q:${queue.sid}`, scope.channel))
      : workersRealtimeFromList(scope, selected)
    cumulative = workersCumulativeOf(scope, selected, input)
  }
  const { workspace_sid: _ws, ...rt } = realtime
  return { workspace_sid: state.sid, realtime: rt, cumulative }
}

function workersRealtimeFromList(scope: Scope, sids: readonly string[]): WorkersRealtime {
  const byActivity = new Map<string, number>()
  let total = 0
  for (const sid of sids) {
    const runtime = scope.state.workerRuntime.get(sid)
    if (!runtime) continue
    if (scope.channel !== ALL) {
      const channel = scope.state.workerChannels.get(sid)?.get(scope.channel)
      if (!channel || !channel.available || channel.configured_capacity <= 0) continue
    }
    total += 1
    byActivity.set(runtime.activity_sid, (byActivity.get(runtime.activity_sid) ?? 0) + 1)
  }
  return workersRealtimeOf(scope, { total, workersIn: (activitySid) => byActivity.get(activitySid) ?? 0 })
}

export function workerStatistics(ctx: EngineContext, input: MethodParsedInput<'stats.worker'>): MethodOutput<'stats.worker'> {
  const scope = scopeOf(ctx, input)
  const sid = scope.state.workers.get(input.worker_sid, 'worker_sid').sid
  const { workspace_sid: _ws, ...cumulative } = workersCumulativeOf(scope, [sid], input)
  return { workspace_sid: scope.state.sid, worker_sid: sid, cumulative }
}

// ---------------------------------------------------------------- KPIs, feed and series

export function kpis(ctx: EngineContext, input: MethodParsedInput<'stats.kpis'>): MethodOutput<'stats.kpis'> {
  return kpisOf(scopeOf(ctx, input), input.window ?? 'now', true)
}

/** The live feed's snapshot: workspace + every queue real-time + KPIs now (per channel). */
export function snapshot(ctx: EngineContext, input: MethodParsedInput<'stats.snapshot'>): MethodOutput<'stats.snapshot'> {
  const scope = scopeOf(ctx, input)
  const queues = [...scope.state.queues.values()].map((queue) => ({ ...queueRealtimeOf(scope, queue.sid), friendly_name: queue.friendly_name }))
  return {
    workspace_sid: scope.state.sid,
    generated_at: isoSeconds(scope.now),
    generated_at_ms: scope.now,
    workspace: workspaceRealtimeOf(scope),
    queues,
    kpis: kpisOf(scope, 'now', true),
  }
}

export function series(ctx: EngineContext, input: MethodParsedInput<'stats.series'>): MethodOutput<'stats.series'> {
  const scope = scopeOf(ctx, input)
  const resolution = input.resolution ?? 'second'
  const count = resolution === 'second' ? Math.min(3600, (input.minutes ?? 60) * 60) : input.minutes ?? 60
  const points = scope.stats.currentSeries().read(resolution, scope.now, count)
  return {
    workspace_sid: scope.state.sid,
    resolution,
    start_time: isoSeconds(points[0]?.t ?? scope.now),
    end_time: isoSeconds(scope.now),
    points,
  }
}
