import { SidPrefix } from '../../contract/sids'
import { readPath } from '../expression/compile'
import { InvalidTransitionError, ReservationGoneError } from '../errors'
import type { ReservationRecord, TaskQueueRecord } from '../model'
import type { CompiledTarget } from './compiledWorkflow'
import { reservationData, taskData, workerData, type EventData } from './eventData'
import type { QueueRuntime, TaskRuntime, WorkerRuntime } from './runtime'
import { saveReservation, saveTask, saveWorker, timerKey, type RoutingScope } from './scope'
import { currentTarget, afterReservationsEnded } from './workflowRouter'
import { availableOn, touchWorker, workerCanTakeOn } from './availability'
import { canTakeDirect, isWorkerTarget, targetWorkerOf, waitingDirectTasks } from './directRouting'

/** TaskRouter cancels a task after this many pending -> reserved moves (REFERENCE §3.4). */
export const MAX_ASSIGNMENT_COUNT = 1000
const DIRECT_QUEUE_RESERVATION_TIMEOUT = 120

/** Whether a worker can take a new reservation on a channel now (see workerCanTakeOn). */
export function canTakeOn(scope: RoutingScope, worker: WorkerRuntime, channelSid: string): boolean {
  return workerCanTakeOn(scope.state, worker, channelSid)
}

/** One reused expression input: evaluation is pure and never re-entrant, so no allocation per check. */
const targetInput: { now: number; task: TaskRuntime | undefined; worker: WorkerRuntime | undefined } = { now: 0, task: undefined, worker: undefined }

/** The target's worker expression and known-worker rule, for one task and one worker. */
export function targetAdmits(scope: RoutingScope, target: CompiledTarget, task: TaskRuntime, worker: WorkerRuntime): boolean {
  if (target.knownWorker) {
    const wanted = readPath(task.attributes, target.knownWorker.path)
    if (wanted === null || wanted === undefined) return false
    if ((target.knownWorker.by === 'sid' ? worker.sid : worker.friendly_name) !== wanted) return false
  }
  if (!target.expression) return true
  targetInput.now = scope.tx.now
  targetInput.task = task
  targetInput.worker = worker
  const admitted = target.expression.evaluate(targetInput)
  targetInput.task = undefined
  targetInput.worker = undefined
  return admitted
}

function hasPendingFor(scope: RoutingScope, task: TaskRuntime, workerSid: string): boolean {
  for (const reservationSid of task.pending) if (scope.state.reservations.get(reservationSid)?.worker_sid === workerSid) return true
  return false
}

/**
 * Offers a waiting task to the best eligible workers of its current queue, up to the queue's
 * MaxReservedWorkers (REFERENCE §6.3). Returns how many reservations were created.
 * Candidates come from the queue's index of members that can take work on the task's channel,
 * longest idle first, so only as many are read as needed; with an order_by every available
 * member is ranked; a known worker is looked up directly.
 */
export function tryAssignTask(scope: RoutingScope, task: TaskRuntime, skipWorker?: string): number {
  const status = task.record.assignment_status
  if (status !== 'pending' && status !== 'reserved') return 0
  if (isWorkerTarget(task.record)) return offerToTargetWorker(scope, task, skipWorker)
  if (!task.record.routing) return 0
  const target = currentTarget(scope, task)
  const queue = scope.state.queues.find(task.record.routing.queue_sid)
  const runtime = queue && scope.state.queueRuntime.get(queue.sid)
  if (!target || !queue || !runtime) return 0
  const slots = queue.max_reserved_workers - task.pending.size
  if (slots <= 0) return 0
  const state = scope.state
  const channelSid = task.record.task_channel_sid
  let candidates: WorkerRuntime[] = []
  if (target.knownWorker) {
    const known = knownWorkerOf(scope, target.knownWorker, task)
    if (known && isEligible(scope, task, target, runtime, known, skipWorker)) candidates.push(known)
  } else if (target.orderBy) {
    const orderBy = target.orderBy
    for (const worker of availableOn(state, runtime, channelSid).liveWorkers()) if (isEligible(scope, task, target, runtime, worker, skipWorker)) candidates.push(worker)
    const optimized = state.channels.find(channelSid)?.channel_optimized_routing ?? false
    candidates.sort((a, b) => orderBy.compare(a, b) || a.idleOn(channelSid, optimized) - b.idleOn(channelSid, optimized) || (a.sid < b.sid ? -1 : 1))
    candidates = candidates.slice(0, slots)
  } else {
    availableOn(state, runtime, channelSid).visitInOrder((worker) => {
      if (isEligible(scope, task, target, runtime, worker, skipWorker)) candidates.push(worker)
      return candidates.length < slots
    })
  }
  let created = 0
  for (const worker of candidates) {
    if (!createReservation(scope, task, worker, queue)) break
    created += 1
  }
  return created
}

/** Whether `worker` may be offered `task` from `queue` now (tryAssignTask's candidate check). */
function isEligible(scope: RoutingScope, task: TaskRuntime, target: CompiledTarget, queue: QueueRuntime, worker: WorkerRuntime, skipWorker: string | undefined): boolean {
  const state = scope.state
  return worker.sid !== skipWorker && state.workerRuntime.get(worker.sid) === worker && queue.members.has(worker.sid) && workerCanTakeOn(state, worker, task.record.task_channel_sid) && targetAdmits(scope, target, task, worker) && !hasPendingFor(scope, task, worker.sid)
}

/** A direct task (directRouting.ts): one reservation at a time, to its target worker only. */
function offerToTargetWorker(scope: RoutingScope, task: TaskRuntime, skipWorker: string | undefined): number {
  if (task.pending.size > 0) return 0
  const worker = targetWorkerOf(scope.state, task)
  if (!worker || worker.sid === skipWorker || !canTakeDirect(scope.state, worker, task)) return 0
  return createReservation(scope, task, worker, null) ? 1 : 0
}

/** Offers the worker the direct tasks waiting for it, best first, while it can take them. */
function offerDirectTasks(scope: RoutingScope, worker: WorkerRuntime, skipTask: string | undefined): void {
  for (const task of waitingDirectTasks(scope.state, worker)) {
    const status = task.record.assignment_status
    if (task.sid === skipTask || (status !== 'pending' && status !== 'reserved')) continue
    if (!scope.state.workerRuntime.has(worker.sid) || !canTakeDirect(scope.state, worker, task)) continue
    createReservation(scope, task, worker, null)
  }
}

/** The worker a known-worker target names (targetAdmits still checks the exact value). */
function knownWorkerOf(scope: RoutingScope, known: NonNullable<CompiledTarget['knownWorker']>, task: TaskRuntime): WorkerRuntime | undefined {
  const wanted = readPath(task.attributes, known.path)
  if (typeof wanted !== 'string') return undefined
  if (known.by === 'sid') return scope.state.workerRuntime.get(wanted)
  const record = scope.state.workers.findByName(wanted)
  return record ? scope.state.workerRuntime.get(record.sid) : undefined
}

/**
 * Finds work for a worker that became able to take some: the best waiting task across the
 * worker's queues, repeatedly while it has capacity. Order: the workspace's
 * PrioritizeQueueOrder kind of queue first; FIFO queues by priority then oldest
 * (virtual_start_time), LIFO queues newest first with priority ignored (REFERENCE §6.1).
 * Each queue keeps its tasks in that order, so a queue is read only until its first task this
 * worker can take, or one that cannot beat the best found so far.
 */
export function tryAssignWorker(scope: RoutingScope, worker: WorkerRuntime, skipTask?: string): void {
  const state = scope.state
  // Whatever changed the worker (a channel, the workspace) may have made it able to take work.
  touchWorker(state, worker)
  // Tasks routed to this very worker come first; with IgnoreCapacity they need no availability.
  if (worker.direct.size > 0) offerDirectTasks(scope, worker, skipTask)
  const preferred = state.record.prioritize_queue_order
  for (let guard = 0; guard < 200; guard++) {
    if (!state.workerRuntime.has(worker.sid) || !worker.available) return
    let best: { task: TaskRuntime; queue: TaskQueueRecord; group: number } | undefined
    for (const queueSid of worker.queues) {
      const runtime = state.queueRuntime.get(queueSid)
      if (!runtime || runtime.tasks.size === 0) continue
      const queue = state.queues.find(queueSid)
      if (!queue) continue
      const group = queue.task_order === preferred ? 0 : 1
      if (best && group > best.group) continue
      for (const entry of runtime.tasks.ordered(state.tasks, queue.task_order)) {
        if (!entry.alive || entry.sid === skipTask) continue
        const task = state.tasks.get(entry.sid)
        if (!task || task.pending.size >= queue.max_reserved_workers) continue
        // Tasks after this one in the queue order cannot come before the best either.
        if (best && !comesBefore(task, group, queue, best)) break
        if (!workerCanTakeOn(state, worker, task.record.task_channel_sid) || hasPendingFor(scope, task, worker.sid)) continue
        const target = currentTarget(scope, task)
        if (!target || !targetAdmits(scope, target, task, worker)) continue
        best = { task, queue, group }
        break
      }
    }
    if (!best || !createReservation(scope, best.task, worker, best.queue)) return
  }
}

function comesBefore(task: TaskRuntime, group: number, queue: TaskQueueRecord, best: { task: TaskRuntime; queue: TaskQueueRecord; group: number }): boolean {
  if (group !== best.group) return group < best.group
  const a = task.record
  const b = best.task.record
  if (queue.task_order === 'LIFO' && best.queue.task_order === 'LIFO') return a.virtual_start_time > b.virtual_start_time
  if (a.priority !== b.priority) return a.priority > b.priority
  if (a.virtual_start_time !== b.virtual_start_time) return a.virtual_start_time < b.virtual_start_time
  return a.date_created < b.date_created
}

/**
 * Reserves `worker` for `task` (REFERENCE §6.3); `queue` is null for a direct task. False when
 * the task hit Max Assignment Count.
 */
function createReservation(scope: RoutingScope, task: TaskRuntime, worker: WorkerRuntime, queue: TaskQueueRecord | null): boolean {
  const { state, tx } = scope
  const firstOfBurst = task.record.assignment_status === 'pending'
  if (firstOfBurst && task.record.assignment_count >= MAX_ASSIGNMENT_COUNT) {
    cancelTask(scope, task, 'Max assignment count exceeded')
    return false
  }
  const workflow = task.record.workflow_sid ? state.workflows.find(task.record.workflow_sid) : undefined
  const timeoutSeconds = workflow?.task_reservation_timeout ?? DIRECT_QUEUE_RESERVATION_TIMEOUT
  const reservation: ReservationRecord = {
    sid: tx.ids.sid(SidPrefix.Reservation),
    workspace_sid: state.sid,
    task_sid: task.sid,
    worker_sid: worker.sid,
    reservation_status: 'pending',
    task_channel_sid: task.record.task_channel_sid,
    task_queue_sid: queue?.sid ?? null,
    workflow_sid: task.record.workflow_sid,
    worker_previous_activity_sid: worker.record.activity_sid,
    timeout_deadline: tx.now + timeoutSeconds * 1000,
    date_created: tx.now,
    date_updated: tx.now,
    version: 0,
  }
  state.reservations.set(reservation.sid, reservation)
  tx.put('reservations', reservation)
  worker.active.add(reservation.sid)
  worker.loadOn(reservation.task_channel_sid).pending += 1
  touchWorker(state, worker)
  task.pending.add(reservation.sid)
  task.reservationSids.push(reservation.sid)
  if (firstOfBurst) saveTask(scope, task, { assignment_status: 'reserved', assignment_count: task.record.assignment_count + 1 })
  tx.emit({ workspaceSid: state.sid, type: 'reservation.created', resourceType: 'reservation', resourceSid: reservation.sid, description: `Reservation created for task ${task.sid} and worker ${worker.friendly_name}`, data: reservationData(state, reservation, task.record, tx.now) })
  // Single-tasking only: the queue's reservation activity (REFERENCE §3.3).
  if (!state.record.multi_task_enabled && queue?.reservation_activity_sid) setWorkerActivity(scope, worker, queue.reservation_activity_sid)
  scope.ctx.timers.arm(timerKey.reservation(reservation.sid), reservation.timeout_deadline, () =>
    scope.ctx.runInBackground((backgroundTx) => {
      const current = state.reservations.get(reservation.sid)
      if (current?.reservation_status === 'pending') timeoutReservation({ ctx: scope.ctx, state, tx: backgroundTx }, current)
    }),
  )
  return true
}

/** Ends a pending reservation in `status`, releasing the worker's pending load. */
function closePending(scope: RoutingScope, reservation: ReservationRecord, status: 'rejected' | 'timeout' | 'canceled' | 'rescinded'): ReservationRecord {
  const worker = scope.state.workerRuntime.get(reservation.worker_sid)
  if (worker) {
    worker.active.delete(reservation.sid)
    const load = worker.loadOn(reservation.task_channel_sid)
    load.pending = Math.max(0, load.pending - 1)
    touchWorker(scope.state, worker)
  }
  scope.state.tasks.get(reservation.task_sid)?.pending.delete(reservation.sid)
  scope.ctx.timers.cancel(timerKey.reservation(reservation.sid))
  const closed = saveReservation(scope, reservation, { reservation_status: status })
  const task = scope.state.tasks.get(reservation.task_sid)
  if (task) {
    scope.tx.emit({ workspaceSid: scope.state.sid, type: `reservation.${status}`, resourceType: 'reservation', resourceSid: closed.sid, description: `Reservation ${closed.sid} ${status}`, data: reservationData(scope.state, closed, task.record, scope.tx.now) })
  }
  return closed
}

function withReason(data: EventData, reason: string | null): EventData {
  data.reason = reason
  return data
}

function assertPending(reservation: ReservationRecord): void {
  if (reservation.reservation_status !== 'pending') {
    throw new ReservationGoneError(`Reservation ${reservation.sid} is ${reservation.reservation_status}, not pending: it can no longer be accepted or rejected`, 'reservation_status', { reservation_status: reservation.reservation_status })
  }
}

/** First accept wins; the task's other pending reservations are rescinded (REFERENCE §6.3). */
export function acceptReservation(scope: RoutingScope, reservation: ReservationRecord): ReservationRecord {
  assertPending(reservation)
  const { state, tx } = scope
  const task = state.tasks.get(reservation.task_sid)!
  const worker = state.workerRuntime.get(reservation.worker_sid)!
  task.pending.delete(reservation.sid)
  scope.ctx.timers.cancel(timerKey.reservation(reservation.sid))
  const load = worker.loadOn(reservation.task_channel_sid)
  load.pending = Math.max(0, load.pending - 1)
  load.accepted += 1
  const accepted = saveReservation(scope, reservation, { reservation_status: 'accepted' })
  task.acceptedSid = accepted.sid
  leaveQueue(scope, task)
  scope.ctx.timers.cancel(timerKey.step(task.sid))
  scope.ctx.timers.cancel(timerKey.ttl(task.sid))
  saveTask(scope, task, { assignment_status: 'assigned' })
  const workerChannel = state.workerChannels.get(worker.sid)?.get(accepted.task_channel_sid)
  if (workerChannel) {
    const record = { ...workerChannel, date_last_assigned: tx.now }
    state.setWorkerChannel(record)
    tx.put('worker_channels', record)
  }
  saveWorker(scope, worker, { date_last_assigned: tx.now })
  tx.emit({ workspaceSid: state.sid, type: 'reservation.accepted', resourceType: 'reservation', resourceSid: accepted.sid, description: `Reservation ${accepted.sid} accepted by ${worker.friendly_name}`, data: reservationData(state, accepted, task.record, tx.now) })
  const losers = [...task.pending].map((sid) => state.reservations.get(sid)!).filter(Boolean)
  for (const loser of losers) closePending(scope, loser, 'rescinded')
  const queue = accepted.task_queue_sid !== null ? state.queues.find(accepted.task_queue_sid) : undefined
  if (!state.record.multi_task_enabled && queue?.assignment_activity_sid) setWorkerActivity(scope, worker, queue.assignment_activity_sid)
  for (const loser of losers) {
    const other = state.workerRuntime.get(loser.worker_sid)
    if (other) tryAssignWorker(scope, other)
  }
  return accepted
}

/**
 * REST reject (REFERENCE §3.3): the worker moves to `activitySid` when given, else back to the
 * activity it had before the reservation (which in multitasking is the same one).
 */
export function rejectReservation(scope: RoutingScope, reservation: ReservationRecord, activitySid: string | undefined): ReservationRecord {
  assertPending(reservation)
  const rejected = closePending(scope, reservation, 'rejected')
  const worker = scope.state.workerRuntime.get(reservation.worker_sid)
  const nextActivity = activitySid ?? reservation.worker_previous_activity_sid ?? undefined
  // No search here: the one below skips the task just rejected (a direct task would come straight back).
  if (worker && nextActivity && nextActivity !== worker.record.activity_sid) setWorkerActivity(scope, worker, nextActivity, { lookForWork: false })
  const task = scope.state.tasks.get(reservation.task_sid)
  if (task) afterReservationsEnded(scope, task, reservation.worker_sid)
  if (worker) tryAssignWorker(scope, worker, reservation.task_sid)
  return rejected
}

/** Decision 8: a timed-out reservation sends the worker to the workspace timeout activity. */
export function timeoutReservation(scope: RoutingScope, reservation: ReservationRecord): void {
  closePending(scope, reservation, 'timeout')
  const worker = scope.state.workerRuntime.get(reservation.worker_sid)
  const timeoutActivity = scope.state.record.timeout_activity_sid
  if (worker && timeoutActivity && timeoutActivity !== worker.record.activity_sid) setWorkerActivity(scope, worker, timeoutActivity, { lookForWork: false })
  const task = scope.state.tasks.get(reservation.task_sid)
  if (task) afterReservationsEnded(scope, task, reservation.worker_sid)
  if (worker) tryAssignWorker(scope, worker, reservation.task_sid)
}

/** Cancels every pending reservation of a task (it was canceled or re-routed: decision 7). */
export function cancelPendingReservations(scope: RoutingScope, task: TaskRuntime): WorkerRuntime[] {
  const freed: WorkerRuntime[] = []
  for (const sid of [...task.pending]) {
    const reservation = scope.state.reservations.get(sid)
    if (!reservation) continue
    closePending(scope, reservation, 'canceled')
    const worker = scope.state.workerRuntime.get(reservation.worker_sid)
    if (worker) freed.push(worker)
  }
  return freed
}

/** Takes a task out of its queue's waiting set (or its target worker's, for a direct task). */
export function leaveQueue(scope: RoutingScope, task: TaskRuntime): void {
  if (isWorkerTarget(task.record)) targetWorkerOf(scope.state, task)?.direct.delete(task.sid)
  const queueSid = task.record.routing?.queue_sid ?? task.record.task_queue_sid
  if (queueSid) scope.state.queueRuntime.get(queueSid)?.tasks.delete(task.sid)
}

/** pending/reserved -> canceled (REFERENCE §3.1), releasing reservations and timers. */
export function cancelTask(scope: RoutingScope, task: TaskRuntime, reason: string | null): void {
  const status = task.record.assignment_status
  if (status !== 'pending' && status !== 'reserved') {
    throw new InvalidTransitionError(`Cannot cancel task ${task.sid} in workspace ${scope.state.sid} because it is not pending or reserved.`, 'assignment_status', { assignment_status: status })
  }
  const freed = cancelPendingReservations(scope, task)
  leaveQueue(scope, task)
  clearTaskTimers(scope, task)
  saveTask(scope, task, { assignment_status: 'canceled', reason })
  scope.tx.emit({ workspaceSid: scope.state.sid, type: 'task.canceled', resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} canceled${reason ? `: ${reason}` : ''}`, data: withReason(taskData(scope.state, task.record, scope.tx.now), reason) })
  for (const worker of freed) tryAssignWorker(scope, worker)
}

export function clearTaskTimers(scope: RoutingScope, task: TaskRuntime): void {
  scope.ctx.timers.cancel(timerKey.ttl(task.sid))
  scope.ctx.timers.cancel(timerKey.step(task.sid))
}

function acceptedReservationOf(scope: RoutingScope, task: TaskRuntime): ReservationRecord | undefined {
  const known = task.acceptedSid !== undefined ? scope.state.reservations.get(task.acceptedSid) : undefined
  if (known && known.task_sid === task.sid && (known.reservation_status === 'accepted' || known.reservation_status === 'wrapping')) return known
  // After a load the accepted reservation is not known yet: find it once among the task's own.
  for (const sid of task.reservationSids) {
    const reservation = scope.state.reservations.get(sid)
    if (reservation && (reservation.reservation_status === 'accepted' || reservation.reservation_status === 'wrapping')) {
      task.acceptedSid = reservation.sid
      return reservation
    }
  }
  return undefined
}

/** assigned -> wrapping; the accepted reservation wraps too and keeps its capacity. */
export function wrapTask(scope: RoutingScope, task: TaskRuntime, reason: string | null): void {
  if (task.record.assignment_status !== 'assigned') {
    throw new InvalidTransitionError(`Cannot wrap up a task ${task.sid} in workspace ${scope.state.sid} because it is not currently assigned.`, 'assignment_status', { assignment_status: task.record.assignment_status })
  }
  saveTask(scope, task, { assignment_status: 'wrapping', reason: reason ?? task.record.reason })
  scope.tx.emit({ workspaceSid: scope.state.sid, type: 'task.wrapup', resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} wrapping up`, data: taskData(scope.state, task.record, scope.tx.now) })
  const reservation = acceptedReservationOf(scope, task)
  if (reservation?.reservation_status === 'accepted') {
    const worker = scope.state.workerRuntime.get(reservation.worker_sid)
    if (worker) {
      const load = worker.loadOn(reservation.task_channel_sid)
      load.accepted = Math.max(0, load.accepted - 1)
      load.wrapping += 1
    }
    const wrapped = saveReservation(scope, reservation, { reservation_status: 'wrapping' })
    scope.tx.emit({ workspaceSid: scope.state.sid, type: 'reservation.wrapup', resourceType: 'reservation', resourceSid: wrapped.sid, description: `Reservation ${wrapped.sid} wrapping up`, data: reservationData(scope.state, wrapped, task.record, scope.tx.now) })
  }
}

/** assigned|wrapping -> completed; the worker's capacity is freed and it looks for more work. */
export function completeTask(scope: RoutingScope, task: TaskRuntime, reason: string | null): void {
  const status = task.record.assignment_status
  if (status !== 'assigned' && status !== 'wrapping') {
    throw new InvalidTransitionError(`Cannot complete task ${task.sid} in workspace ${scope.state.sid} because it is not currently assigned.`, 'assignment_status', { assignment_status: status })
  }
  saveTask(scope, task, { assignment_status: 'completed', reason })
  scope.tx.emit({ workspaceSid: scope.state.sid, type: 'task.completed', resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} completed`, data: withReason(taskData(scope.state, task.record, scope.tx.now), reason) })
  const reservation = acceptedReservationOf(scope, task)
  if (!reservation) return
  const worker = scope.state.workerRuntime.get(reservation.worker_sid)
  if (worker) {
    worker.active.delete(reservation.sid)
    const load = worker.loadOn(reservation.task_channel_sid)
    if (reservation.reservation_status === 'accepted') load.accepted = Math.max(0, load.accepted - 1)
    else load.wrapping = Math.max(0, load.wrapping - 1)
  }
  const completed = saveReservation(scope, reservation, { reservation_status: 'completed' })
  scope.tx.emit({ workspaceSid: scope.state.sid, type: 'reservation.completed', resourceType: 'reservation', resourceSid: completed.sid, description: `Reservation ${completed.sid} completed`, data: reservationData(scope.state, completed, task.record, scope.tx.now) })
  if (worker) tryAssignWorker(scope, worker)
}

/**
 * Moves a worker to another activity, emitting `worker.activity.update` with the time spent in
 * the previous one. Becoming available makes it look for work.
 */
export function setWorkerActivity(scope: RoutingScope, worker: WorkerRuntime, activitySid: string, options: { rejectPending?: boolean; lookForWork?: boolean } = {}): void {
  const { state, tx } = scope
  const previousSid = worker.record.activity_sid
  if (previousSid === activitySid && !options.rejectPending) return
  if (previousSid !== activitySid) {
    const previous = state.activities.find(previousSid)
    const msInPrevious = tx.now - worker.record.date_status_changed
    saveWorker(scope, worker, { activity_sid: activitySid, date_status_changed: tx.now })
    const next = state.activities.find(activitySid)
    tx.emit({
      workspaceSid: state.sid,
      type: 'worker.activity.update',
      resourceType: 'worker',
      resourceSid: worker.sid,
      description: `Worker ${worker.friendly_name} updated to ${next?.friendly_name ?? activitySid} Activity`,
      data: Object.assign(workerData(state, worker.record), {
        worker_previous_activity_sid: previousSid,
        worker_previous_activity_name: previous?.friendly_name ?? null,
        worker_time_in_previous_activity: String(Math.floor(msInPrevious / 1000)),
        worker_time_in_previous_activity_ms: String(msInPrevious),
      }),
    })
  }
  if (options.rejectPending) {
    for (const sid of [...worker.active]) {
      const reservation = state.reservations.get(sid)
      if (reservation?.reservation_status !== 'pending') continue
      closePending(scope, reservation, 'rejected')
      const task = state.tasks.get(reservation.task_sid)
      if (task) afterReservationsEnded(scope, task, worker.sid)
    }
  }
  // Direct tasks (IgnoreCapacity) may go to a worker who is not available.
  if (options.lookForWork !== false && (worker.available || worker.direct.size > 0)) tryAssignWorker(scope, worker)
}
