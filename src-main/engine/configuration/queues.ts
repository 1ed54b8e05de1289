import type { MethodParsedInput } from '../../contract/methods'
import type { TaskQueue } from '../../contract/resources'
import type { SlaFormula } from '../../contract/slaFormula'
import { SidPrefix } from '../../contract/sids'
import { ConflictError, InvalidParameterError } from '../errors'
import { isValidTimeZone } from '../statistics/timeZone'
import type { Outcome, TaskQueueRecord } from '../model'
import type { Transaction } from '../transaction'
import { queuesOf } from '../workflow/configuration'
import type { EngineContext } from './context'
import { DEFAULT_TARGET_WORKERS } from './defaults'
import { fold } from './namedCollection'
import { taskQueueView } from './views'
import { workflowConfiguration } from './workflows'
import { compileOrThrow } from './expressions'
import { parseAttributes, QueueRuntime } from '../routing/runtime'
import { refreshQueueMembership, removeQueue } from '../routing/membership'
import { tryAssignTask, tryAssignWorker } from '../routing/assignment'
import type { WorkspaceState } from './workspaceState'
import { assertBelowLimit, resourceLimits } from './limits'

export function listQueues(ctx: EngineContext, input: MethodParsedInput<'queues.list'>): TaskQueue[] {
  const state = ctx.workspace(input.workspace_sid)
  const probe = input.evaluate_worker_attributes !== undefined ? { attributes: parseAttributes(input.evaluate_worker_attributes) } : undefined
  const worker = input.worker_sid !== undefined ? state.workerRuntime.get(state.workers.get(input.worker_sid, 'worker_sid').sid) : undefined
  const now = ctx.clock.now()
  const out: TaskQueue[] = []
  for (const queue of state.queues.values()) {
    if (worker && !worker.queues.has(queue.sid)) continue
    if (probe && !state.queueRuntime.get(queue.sid)?.targetWorkers.evaluate({ now, worker: probe })) continue
    if (input.friendly_name !== undefined && fold(queue.friendly_name) !== fold(input.friendly_name)) continue
    out.push(taskQueueView(state, queue))
  }
  return out
}

export function getQueue(ctx: EngineContext, input: MethodParsedInput<'queues.get'>): TaskQueue {
  const state = ctx.workspace(input.workspace_sid)
  return taskQueueView(state, state.queues.get(input.sid))
}

export interface NewQueue {
  friendly_name: string
  target_workers?: string | undefined
  max_reserved_workers?: number | undefined
  task_order?: 'FIFO' | 'LIFO' | undefined
  reservation_activity_sid?: string | null | undefined
  assignment_activity_sid?: string | null | undefined
  sla_threshold_seconds?: number | undefined
  short_abandon_seconds?: number | undefined
  sla_reset_time?: string | undefined
  sla_time_zone?: string | undefined
  sla_formula?: SlaFormula | undefined
}

/** The SLA time zone must be an IANA zone this runtime knows (Intl), checked before any change. */
function assertTimeZone(zone: string | undefined): void {
  if (zone !== undefined && !isValidTimeZone(zone)) throw new InvalidParameterError(`sla_time_zone '${zone}' is not an IANA time zone (e.g. Europe/Paris)`, 'sla_time_zone')
}

export function addQueue(tx: Transaction, state: WorkspaceState, input: NewQueue): TaskQueueRecord {
  state.queues.assertNameFree(input.friendly_name)
  const targetWorkers = compileOrThrow(input.target_workers ?? DEFAULT_TARGET_WORKERS, 'worker', 'target_workers')
  if (input.reservation_activity_sid) state.activities.get(input.reservation_activity_sid, 'reservation_activity_sid')
  if (input.assignment_activity_sid) state.activities.get(input.assignment_activity_sid, 'assignment_activity_sid')
  assertTimeZone(input.sla_time_zone)
  const record: TaskQueueRecord = {
    sid: tx.ids.sid(SidPrefix.TaskQueue),
    workspace_sid: state.sid,
    friendly_name: input.friendly_name,
    target_workers: input.target_workers ?? DEFAULT_TARGET_WORKERS,
    task_order: input.task_order ?? 'FIFO',
    max_reserved_workers: input.max_reserved_workers ?? 1,
    reservation_activity_sid: input.reservation_activity_sid ?? null,
    assignment_activity_sid: input.assignment_activity_sid ?? null,
    ...slaFields(input),
    date_created: tx.now,
    date_updated: tx.now,
  }
  state.queues.set(record)
  const runtime = new QueueRuntime(record.sid, targetWorkers)
  state.queueRuntime.set(record.sid, runtime)
  refreshQueueMembership(state, runtime, tx.now)
  tx.put('task_queues', record)
  tx.emit({ workspaceSid: state.sid, type: 'task-queue.created', resourceType: 'task_queue', resourceSid: record.sid, description: `TaskQueue ${record.friendly_name} created`, data: queueData(record) })
  return record
}

export function createQueue(ctx: EngineContext, input: MethodParsedInput<'queues.create'>): Outcome<TaskQueue> {
  const state = ctx.workspace(input.workspace_sid)
  assertBelowLimit(state.queues.size, resourceLimits.taskQueues, 'task queues')
  const tx = ctx.begin()
  const record = addQueue(tx, state, input)
  return tx.outcome(taskQueueView(state, record))
}

export function updateQueue(ctx: EngineContext, input: MethodParsedInput<'queues.update'>): Outcome<TaskQueue> {
  const state = ctx.workspace(input.workspace_sid)
  const current = state.queues.get(input.sid)
  if (input.friendly_name !== undefined) state.queues.assertNameFree(input.friendly_name, current.sid)
  if (input.reservation_activity_sid) state.activities.get(input.reservation_activity_sid, 'reservation_activity_sid')
  if (input.assignment_activity_sid) state.activities.get(input.assignment_activity_sid, 'assignment_activity_sid')
  const targetWorkers = input.target_workers !== undefined ? compileOrThrow(input.target_workers, 'worker', 'target_workers') : undefined
  assertTimeZone(input.sla_time_zone)
  const tx = ctx.begin()
  const record: TaskQueueRecord = {
    ...current,
    friendly_name: input.friendly_name ?? current.friendly_name,
    target_workers: input.target_workers ?? current.target_workers,
    task_order: input.task_order ?? current.task_order,
    max_reserved_workers: input.max_reserved_workers ?? current.max_reserved_workers,
    reservation_activity_sid: input.reservation_activity_sid === undefined ? current.reservation_activity_sid : input.reservation_activity_sid,
    assignment_activity_sid: input.assignment_activity_sid === undefined ? current.assignment_activity_sid : input.assignment_activity_sid,
    ...slaFields(input, current),
    date_updated: tx.now,
  }
  state.queues.set(record)
  tx.put('task_queues', record)
  const runtime = state.queueRuntime.get(record.sid)
  if (runtime && targetWorkers && record.target_workers !== current.target_workers) {
    runtime.targetWorkers = targetWorkers
    refreshQueueMembership(state, runtime, tx.now)
  }
  if (runtime) offerQueue(ctx, state, tx, runtime)
  if (record.target_workers !== current.target_workers) {
    tx.emit({ workspaceSid: state.sid, type: 'task-queue.expression.updated', resourceType: 'task_queue', resourceSid: record.sid, description: `TaskQueue ${record.friendly_name} target workers expression updated`, data: queueData(record) })
  }
  return tx.outcome(taskQueueView(state, record))
}

/** Refused while a workflow routes to the queue (TaskRouter answers 400 too, REFERENCE §9.2). */
export function deleteQueue(ctx: EngineContext, input: MethodParsedInput<'queues.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  const queue = state.queues.get(input.sid)
  const users = [...state.workflows.values()].filter((workflow) => queuesOf(workflowConfiguration(state, workflow)).has(queue.sid))
  const waiting = state.queueRuntime.get(queue.sid)?.tasks.size ?? 0
  if (waiting > 0) {
    throw new ConflictError(`Task queue '${queue.friendly_name}' (${queue.sid}) still has ${waiting} waiting task${waiting > 1 ? 's' : ''}; cancel or move them first`, 'sid', { waiting_tasks: waiting })
  }
  if (users.length > 0) {
    throw new ConflictError(
      `Task queue '${queue.friendly_name}' (${queue.sid}) is used by workflow${users.length > 1 ? 's' : ''} ${users.map((workflow) => `'${workflow.friendly_name}' (${workflow.sid})`).join(', ')}; remove it from their configuration first`,
      'sid',
      { used_by: users.map((workflow) => workflow.sid) },
    )
  }
  const tx = ctx.begin()
  state.queues.remove(queue.sid)
  const runtime = state.queueRuntime.get(queue.sid)
  if (runtime) removeQueue(state, runtime)
  tx.delete('task_queues', queue.sid)
  tx.emit({ workspaceSid: state.sid, type: 'task-queue.deleted', resourceType: 'task_queue', resourceSid: queue.sid, description: `TaskQueue ${queue.friendly_name} deleted`, data: queueData(queue) })
  return tx.outcome({ deleted: true })
}

/** The SLA settings given, over the current ones; absent ones stay unset (defaults apply on read). */
function slaFields(input: Pick<NewQueue, 'sla_threshold_seconds' | 'short_abandon_seconds' | 'sla_reset_time' | 'sla_time_zone' | 'sla_formula'>, current?: TaskQueueRecord): Pick<TaskQueueRecord, 'sla_threshold_seconds' | 'short_abandon_seconds' | 'sla_reset_time' | 'sla_time_zone' | 'sla_formula'> {
  const out: Pick<TaskQueueRecord, 'sla_threshold_seconds' | 'short_abandon_seconds' | 'sla_reset_time' | 'sla_time_zone' | 'sla_formula'> = {}
  for (const key of ['sla_threshold_seconds', 'short_abandon_seconds', 'sla_reset_time', 'sla_time_zone', 'sla_formula'] as const) {
    const value = input[key] ?? current?.[key]
    if (value !== undefined) (out as Record<string, unknown>)[key] = value
  }
  return out
}

function queueData(record: TaskQueueRecord): Record<string, string> {
  return { task_queue_sid: record.sid, task_queue_name: record.friendly_name, task_queue_target_expression: record.target_workers }
}

/** After a queue changed (members, order, max reserved): offer its waiting tasks again. */
function offerQueue(ctx: EngineContext, state: WorkspaceState, tx: Transaction, runtime: QueueRuntime): void {
  const scope = { ctx, state, tx }
  for (const taskSid of [...runtime.tasks]) {
    const task = state.tasks.get(taskSid)
    if (task) tryAssignTask(scope, task)
  }
  for (const workerSid of runtime.members) {
    const worker = state.workerRuntime.get(workerSid)
    if (worker) tryAssignWorker(scope, worker)
  }
}
