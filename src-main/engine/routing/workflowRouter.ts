import type { WorkerCounts } from '../expression/context'
import type { TaskRecord } from '../model'
import { compiledWorkflowOf } from '../configuration/workflows'
import { cancelPendingReservations, cancelTask, leaveQueue, tryAssignTask, tryAssignWorker } from './assignment'
import type { CompiledTarget, CompiledWorkflow } from './compiledWorkflow'
import { taskData } from './eventData'
import type { TaskRuntime } from './runtime'
import { isWorkerTarget, targetWorkerOf } from './directRouting'
import { saveTask, timerKey, type RoutingScope } from './scope'

/**
 * Moves tasks through their workflow (REFERENCE §5.2): the first matching filter, its targets
 * in order with timeouts and skip_if, the default filter, and the end of the workflow.
 */

/** Decision 6 and 12: the reasons a workflow ends a task with. */
export const CancelReason = {
  NoMatchingFilter: 'No matching workflow filter',
  WorkflowTimeout: 'Workflow Timeout',
  WorkflowSkipped: 'Workflow Skipped',
  TtlExceeded: 'Task TTL Exceeded',
} as const

function workflowOf(scope: RoutingScope, task: TaskRecord): CompiledWorkflow | undefined {
  const workflow = task.workflow_sid ? scope.state.workflows.find(task.workflow_sid) : undefined
  return workflow ? compiledWorkflowOf(workflow) : undefined
}

/** The target a task currently sits in; a task placed straight in a queue gets a plain one. */
export function currentTarget(scope: RoutingScope, task: TaskRuntime): CompiledTarget | undefined {
  const position = task.record.routing
  if (!position) return undefined
  if (position.filter_index === null) return plainTarget(position.queue_sid)
  const workflow = workflowOf(scope, task.record)
  if (!workflow) return undefined
  if (position.filter_index === -1) return workflow.defaultFilter
  return workflow.filters[position.filter_index]?.targets[position.target_index]
}

function plainTarget(queue: string): CompiledTarget {
  return { queue, priority: undefined, timeout: undefined, expression: undefined, skipIf: undefined, orderBy: undefined, knownWorker: undefined }
}

/**
 * Routes a task from the top of its workflow (on create and on re-evaluation), or into the
 * queue it was created for.
 */
export function routeTask(scope: RoutingScope, task: TaskRuntime): void {
  if (isWorkerTarget(task.record)) {
    // No workflow, no queue: the task waits for its worker (directRouting.ts).
    targetWorkerOf(scope.state, task)?.direct.add(task.sid)
    tryAssignTask(scope, task)
    return
  }
  const position = task.record.routing
  if (!task.record.workflow_sid) {
    const queueSid = position?.queue_sid ?? task.record.task_queue_sid
    if (queueSid) enterStep(scope, task, null, 0, plainTarget(queueSid))
    return
  }
  const workflow = workflowOf(scope, task.record)
  if (!workflow) return
  const filterIndex = firstMatchingFilter(scope, task, workflow, 0)
  if (filterIndex !== undefined) return enterStep(scope, task, filterIndex, 0, workflow.filters[filterIndex]!.targets[0]!)
  if (workflow.defaultFilter) return enterStep(scope, task, -1, 0, workflow.defaultFilter)
  cancelTask(scope, task, CancelReason.NoMatchingFilter)
}

function firstMatchingFilter(scope: RoutingScope, task: TaskRuntime, workflow: CompiledWorkflow, from: number): number | undefined {
  for (let index = from; index < workflow.filters.length; index++) {
    if (workflow.filters[index]!.expression.evaluate({ now: scope.tx.now, task })) return index
  }
  return undefined
}

/**
 * Enters one workflow step: the target's queue (emitting task-queue.entered or .moved), its
 * priority, its timeout timer; then offers the task, and applies skip_if when nobody was
 * reserved at once (REFERENCE §5.2 step 7).
 */
function enterStep(scope: RoutingScope, task: TaskRuntime, filterIndex: number | null, targetIndex: number, target: CompiledTarget): void {
  const { state, tx } = scope
  const previousQueue = task.record.task_queue_sid
  const movedQueue = previousQueue !== target.queue
  if (task.record.routing) leaveQueue(scope, task)
  saveTask(scope, task, {
    priority: target.priority ?? task.record.priority,
    task_queue_sid: target.queue,
    task_queue_entered_date: movedQueue || task.record.task_queue_entered_date === null ? tx.now : task.record.task_queue_entered_date,
    routing: {
      filter_index: filterIndex,
      target_index: targetIndex,
      queue_sid: target.queue,
      entered_at: tx.now,
      step_deadline: target.timeout !== undefined ? tx.now + target.timeout * 1000 : null,
    },
  })
  state.queueRuntime.get(target.queue)?.tasks.add(task.sid)
  const workflow = workflowOf(scope, task.record)
  if (filterIndex !== null && workflow) {
    const filterName = filterIndex === -1 ? 'Default' : workflow.filters[filterIndex]?.name ?? ''
    tx.emit({ workspaceSid: state.sid, type: 'workflow.target-matched', resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} matched filter '${filterName}' target ${targetIndex + 1}`, data: Object.assign(taskData(state, task.record, tx.now), { workflow_filter_name: filterName, workflow_filter_index: String(filterIndex), workflow_target_index: String(targetIndex) }) })
  }
  if (movedQueue || filterIndex === null || targetIndex === 0) {
    const type = previousQueue && movedQueue ? 'task-queue.moved' : 'task-queue.entered'
    tx.emit({ workspaceSid: state.sid, type, resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} entered queue ${state.queues.find(target.queue)?.friendly_name ?? target.queue}`, data: Object.assign(taskData(state, task.record, tx.now), { task_queue_previous_sid: previousQueue }) })
  }
  const deadline = task.record.routing?.step_deadline
  if (deadline !== null && deadline !== undefined) armStepTimer(scope, task, deadline)
  else scope.ctx.timers.cancel(timerKey.step(task.sid))
  const created = tryAssignTask(scope, task)
  if (created === 0 && task.pending.size === 0 && target.skipIf && target.skipIf.evaluate({ now: tx.now, counts: queueCounts(scope, target.queue) })) {
    advance(scope, task, 'skip')
  }
}

export function armStepTimer(scope: RoutingScope, task: TaskRuntime, deadline: number): void {
  const { ctx, state } = scope
  ctx.timers.arm(timerKey.step(task.sid), deadline, () =>
    ctx.runInBackground((tx) => {
      const current = state.tasks.get(task.sid)
      const status = current?.record.assignment_status
      if (current && (status === 'pending' || status === 'reserved')) stepTimedOut({ ctx, state, tx }, current)
    }),
  )
}

/** A target's timeout elapsed without an accepted reservation: on to the next step. */
export function stepTimedOut(scope: RoutingScope, task: TaskRuntime): void {
  const { state, tx } = scope
  tx.emit({ workspaceSid: state.sid, type: 'task-queue.timeout', resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} timed out of its routing step`, data: taskData(state, task.record, tx.now) })
  const freed = cancelPendingReservations(scope, task)
  if (task.record.assignment_status === 'reserved') saveTask(scope, task, { assignment_status: 'pending' })
  advance(scope, task, 'timeout')
  for (const worker of freed) tryAssignWorker(scope, worker)
}

/**
 * Leaves the current step. Next target of the filter; after the last, the next matching filter
 * below. A timeout never falls into the default filter; skipping every target counts as not
 * matching, so a skip can (REFERENCE §5.2 steps 6-7, §9.2 gotcha 6).
 */
function advance(scope: RoutingScope, task: TaskRuntime, cause: 'timeout' | 'skip'): void {
  const { state, tx } = scope
  const position = task.record.routing
  const workflow = workflowOf(scope, task.record)
  if (!position || position.filter_index === null || !workflow) return
  if (position.filter_index >= 0) {
    const filter = workflow.filters[position.filter_index]!
    const nextTarget = filter.targets[position.target_index + 1]
    if (nextTarget) return enterStep(scope, task, position.filter_index, position.target_index + 1, nextTarget)
    const nextFilter = firstMatchingFilter(scope, task, workflow, position.filter_index + 1)
    if (nextFilter !== undefined) return enterStep(scope, task, nextFilter, 0, workflow.filters[nextFilter]!.targets[0]!)
    if (cause === 'skip' && workflow.defaultFilter) return enterStep(scope, task, -1, 0, workflow.defaultFilter)
  }
  const type = cause === 'timeout' ? 'workflow.timeout' : 'workflow.skipped'
  tx.emit({ workspaceSid: state.sid, type, resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} reached the end of its workflow (${cause})`, data: taskData(state, task.record, tx.now) })
  cancelTask(scope, task, cause === 'timeout' ? CancelReason.WorkflowTimeout : CancelReason.WorkflowSkipped)
}

/**
 * After a reservation of the task ended unaccepted: back to pending when none is left, then
 * other workers are tried (REFERENCE §5.2 step 5), and skip_if when still nobody can take it.
 */
export function afterReservationsEnded(scope: RoutingScope, task: TaskRuntime, previousWorker: string): void {
  const status = task.record.assignment_status
  if (status !== 'pending' && status !== 'reserved') return
  if (task.pending.size === 0 && status === 'reserved') saveTask(scope, task, { assignment_status: 'pending' })
  const created = tryAssignTask(scope, task, previousWorker)
  const target = currentTarget(scope, task)
  if (created === 0 && task.pending.size === 0 && target?.skipIf && target.skipIf.evaluate({ now: scope.tx.now, counts: queueCounts(scope, target.queue) })) {
    advance(scope, task, 'skip')
  }
}

/** Re-runs the workflow from the top (decision 13), canceling pending reservations first. */
export function reevaluateTask(scope: RoutingScope, task: TaskRuntime): void {
  const freed = cancelPendingReservations(scope, task)
  leaveQueue(scope, task)
  saveTask(scope, task, { assignment_status: 'pending' })
  routeTask(scope, task)
  for (const worker of freed) tryAssignWorker(scope, worker)
}

/** skip_if counts (decision 18): the queue's workers by Activity availability. */
function queueCounts(scope: RoutingScope, queueSid: string): WorkerCounts {
  let available = 0
  let unavailable = 0
  const byActivity = new Map<string, number>()
  for (const workerSid of scope.state.queueRuntime.get(queueSid)?.members ?? []) {
    const worker = scope.state.workerRuntime.get(workerSid)
    if (!worker) continue
    if (worker.available) available += 1
    else unavailable += 1
    byActivity.set(worker.activity_sid, (byActivity.get(worker.activity_sid) ?? 0) + 1)
  }
  return { available, unavailable, byActivity: (sid) => byActivity.get(sid) }
}
