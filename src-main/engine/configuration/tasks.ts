import type { MethodParsedInput } from '../../contract/methods'
import type { Reservation, Task } from '../../contract/resources'
import { SidPrefix } from '../../contract/sids'
import { isoSeconds } from '../clock'
import { ConflictError, InvalidParameterError, NotFoundError } from '../errors'
import type { Outcome, ReservationRecord, TaskRecord } from '../model'
import { acceptReservation, cancelTask, completeTask, rejectReservation, tryAssignWorker, wrapTask } from '../routing/assignment'
import { reservationData, taskData } from '../routing/eventData'
import { parseAttributes, TaskRuntime } from '../routing/runtime'
import { saveTask, timerKey, type RoutingScope } from '../routing/scope'
import { removeTask } from '../routing/taskRemoval'
import { CancelReason, reevaluateTask, routeTask } from '../routing/workflowRouter'
import type { EngineContext } from './context'
import { compileOrThrow } from './expressions'
import { assertVersion } from './versions'
import type { WorkspaceState } from './workspaceState'
import { assertBelowLimit, resourceLimits } from './limits'

export const DEFAULT_TASK_TIMEOUT = 86_400
const YEAR_1900 = Date.UTC(1900, 0, 1)

/**
 * isoSeconds for views, remembering a few seconds: a task view formats its creation time and
 * `now` in turn, which would defeat a one-entry memo on every call. Direct-mapped by second.
 */
const isoCacheSeconds = new Float64Array(8).fill(Number.NaN)
const isoCacheTexts: string[] = new Array<string>(8).fill('')
function isoDate(ms: number): string {
  const second = Math.floor(ms / 1000)
  const slot = second & 7
  if (isoCacheSeconds[slot] !== second) {
    isoCacheSeconds[slot] = second
    isoCacheTexts[slot] = isoSeconds(ms)
  }
  return isoCacheTexts[slot]!
}

export function taskView(state: WorkspaceState, record: TaskRecord, now: number): Task {
  const workflow = record.workflow_sid ? state.workflows.find(record.workflow_sid) : undefined
  const queue = record.task_queue_sid ? state.queues.find(record.task_queue_sid) : undefined
  return {
    sid: record.sid,
    workspace_sid: record.workspace_sid,
    attributes: record.attributes,
    assignment_status: record.assignment_status,
    priority: record.priority,
    timeout: record.timeout,
    age: Math.max(0, Math.floor((now - record.date_created) / 1000)),
    task_channel_sid: record.task_channel_sid,
    task_channel_unique_name: state.channels.find(record.task_channel_sid)?.unique_name ?? '',
    workflow_sid: record.workflow_sid,
    workflow_friendly_name: workflow?.friendly_name ?? null,
    task_queue_sid: record.task_queue_sid,
    task_queue_friendly_name: queue?.friendly_name ?? null,
    task_queue_entered_date: record.task_queue_entered_date === null ? null : isoDate(record.task_queue_entered_date),
    reason: record.reason,
    date_created: isoDate(record.date_created),
    date_updated: isoDate(record.date_updated),
    virtual_start_time: isoDate(record.virtual_start_time),
    addons: '{}',
    routing_target: record.routing_target ?? null,
    ignore_capacity: record.ignore_capacity ?? null,
    version: record.version,
  }
}

export function reservationView(state: WorkspaceState, record: ReservationRecord): Reservation {
  return {
    sid: record.sid,
    workspace_sid: record.workspace_sid,
    task_sid: record.task_sid,
    worker_sid: record.worker_sid,
    worker_name: state.workers.find(record.worker_sid)?.friendly_name ?? '',
    reservation_status: record.reservation_status,
    date_created: isoDate(record.date_created),
    date_updated: isoDate(record.date_updated),
    version: record.version,
  }
}

function getTask(state: WorkspaceState, sid: string, param = 'sid'): TaskRuntime {
  const task = state.tasks.get(sid)
  if (!task) throw new NotFoundError(`The requested task ${sid} was not found`, param)
  return task
}

export function listTasks(ctx: EngineContext, input: MethodParsedInput<'tasks.list'>): Task[] {
  const state = ctx.workspace(input.workspace_sid)
  const now = ctx.clock.now()
  const statuses = input.assignment_status ? new Set(input.assignment_status) : undefined
  const queueByName = input.task_queue_name !== undefined ? state.queues.findByName(input.task_queue_name) : undefined
  const workflowByName = input.workflow_name !== undefined ? state.workflows.findByName(input.workflow_name) : undefined
  const filter = input.evaluate_task_attributes !== undefined ? compileOrThrow(input.evaluate_task_attributes, 'task', 'evaluate_task_attributes') : undefined
  const out: TaskRecord[] = []
  for (const task of state.tasks.values()) {
    const record = task.record
    if (statuses && !statuses.has(record.assignment_status)) continue
    if (input.task_queue_sid !== undefined && record.task_queue_sid !== input.task_queue_sid) continue
    if (input.task_queue_name !== undefined && (!queueByName || record.task_queue_sid !== queueByName.sid)) continue
    if (input.workflow_sid !== undefined && record.workflow_sid !== input.workflow_sid) continue
    if (input.workflow_name !== undefined && (!workflowByName || record.workflow_sid !== workflowByName.sid)) continue
    if (input.priority !== undefined && record.priority !== input.priority) continue
    if (input.routing_target !== undefined && record.routing_target !== input.routing_target) continue
    if (filter && !filter.evaluate({ now, task })) continue
    out.push(record)
  }
  if (input.ordering) sortTasks(out, input.ordering)
  return out.map((record) => taskView(state, record, now))
}

/** `Ordering=Priority:desc,DateCreated:asc` (REFERENCE §2.2, decision 17); stable otherwise. */
function sortTasks(records: TaskRecord[], ordering: string): void {
  const keys = ordering.split(',').map((part) => {
    const [attribute, direction] = part.split(':') as [string, string]
    const pick = attribute === 'Priority' ? (r: TaskRecord) => r.priority : attribute === 'VirtualStartTime' ? (r: TaskRecord) => r.virtual_start_time : (r: TaskRecord) => r.date_created
    return { pick, sign: direction === 'desc' ? -1 : 1 }
  })
  records.sort((a, b) => {
    for (const key of keys) {
      const difference = key.pick(a) - key.pick(b)
      if (difference !== 0) return difference * key.sign
    }
    return 0
  })
}

export function getTaskResource(ctx: EngineContext, input: MethodParsedInput<'tasks.get'>): Task {
  const state = ctx.workspace(input.workspace_sid)
  return taskView(state, getTask(state, input.sid).record, ctx.clock.now())
}

function parseVirtualStartTime(text: string, now: number): number {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw new InvalidParameterError(`virtual_start_time '${text}' is not a valid date`, 'virtual_start_time')
  if (ms > now) throw new InvalidParameterError('virtual_start_time cannot be in the future', 'virtual_start_time')
  if (ms < YEAR_1900) throw new InvalidParameterError('virtual_start_time cannot be before 1900', 'virtual_start_time')
  return ms
}

/** `routing_target` (REFERENCE §2.2 CreateTask) as the queue or workflow it names, or a worker. */
function resolveRoutingTarget(state: WorkspaceState, input: MethodParsedInput<'tasks.create'>): { task_queue_sid?: string; workflow_sid?: string; worker_sid?: string } {
  const target = input.routing_target
  if (target === undefined) return { task_queue_sid: input.task_queue_sid, workflow_sid: input.workflow_sid }
  if (input.workflow_sid !== undefined || input.task_queue_sid !== undefined) {
    throw new InvalidParameterError('Give routing_target alone, without workflow_sid or task_queue_sid', 'routing_target')
  }
  if (target.startsWith('WQ')) return { task_queue_sid: target }
  if (target.startsWith('WW')) return { workflow_sid: target }
  return { worker_sid: state.workers.get(target, 'routing_target').sid }
}

/**
 * Creates a task and routes it: through its workflow (WorkflowSid, or the only workflow of the
 * workspace), straight into `task_queue_sid` (decision 11), or to a worker named by
 * `routing_target` (routing/directRouting.ts: no workflow and no queue).
 */
export function createTask(ctx: EngineContext, input: MethodParsedInput<'tasks.create'>): Outcome<Task> {
  const state = ctx.workspace(input.workspace_sid)
  assertBelowLimit(state.tasks.size, resourceLimits.tasks, 'tasks in any state')
  const channel = state.getChannel(input.task_channel ?? 'default', 'task_channel')
  const target = resolveRoutingTarget(state, input)
  let workflowSid: string | null = null
  if (target.worker_sid !== undefined) {
    // Direct to a worker: no workflow, even when the workspace has exactly one.
  } else if (target.task_queue_sid !== undefined) {
    if (target.workflow_sid !== undefined) throw new InvalidParameterError('Give either workflow_sid or task_queue_sid, not both', 'task_queue_sid')
    state.queues.get(target.task_queue_sid, input.routing_target !== undefined ? 'routing_target' : 'task_queue_sid')
  } else if (target.workflow_sid !== undefined) {
    workflowSid = state.workflows.get(target.workflow_sid, input.routing_target !== undefined ? 'routing_target' : 'workflow_sid').sid
  } else {
    // REFERENCE §9.2 gotcha 16: WorkflowSid is optional only when there is exactly one.
    if (state.workflows.size !== 1) {
      throw new InvalidParameterError(`workflow_sid is required: the workspace has ${state.workflows.size} workflows`, 'workflow_sid')
    }
    workflowSid = state.workflows.values().next().value!.sid
  }
  const tx = ctx.begin()
  const record: TaskRecord = {
    sid: tx.ids.sid(SidPrefix.Task),
    workspace_sid: state.sid,
    attributes: input.attributes ?? '{}',
    assignment_status: 'pending',
    priority: input.priority ?? 0,
    timeout: input.timeout ?? DEFAULT_TASK_TIMEOUT,
    task_channel_sid: channel.sid,
    workflow_sid: workflowSid,
    task_queue_sid: null,
    reason: null,
    date_created: tx.now,
    date_updated: tx.now,
    task_queue_entered_date: null,
    virtual_start_time: input.virtual_start_time !== undefined ? parseVirtualStartTime(input.virtual_start_time, tx.now) : tx.now,
    assignment_count: 0,
    routing: target.task_queue_sid !== undefined ? { filter_index: null, target_index: 0, queue_sid: target.task_queue_sid, entered_at: tx.now, step_deadline: null } : null,
    version: 0,
  }
  if (input.routing_target !== undefined) {
    record.routing_target = input.routing_target
    // REFERENCE §2.2: IgnoreCapacity means something only for a worker, where it defaults to true.
    record.ignore_capacity = target.worker_sid !== undefined ? input.ignore_capacity ?? true : null
  }
  const task = new TaskRuntime(record)
  state.tasks.set(record.sid, task)
  tx.put('tasks', record)
  const scope: RoutingScope = { ctx, state, tx }
  const createdData = taskData(state, record, tx.now)
  tx.emit({ workspaceSid: state.sid, type: 'task.created', resourceType: 'task', resourceSid: record.sid, description: `Task ${record.sid} created`, data: createdData })
  if (workflowSid) tx.emit({ workspaceSid: state.sid, type: 'workflow.entered', resourceType: 'task', resourceSid: record.sid, description: `Task ${record.sid} entered workflow ${state.workflows.find(workflowSid)?.friendly_name ?? workflowSid}`, data: { ...createdData } })
  armTtlTimer(ctx, state, task)
  routeTask(scope, task)
  return tx.outcome(taskView(state, task.record, tx.now))
}

/** The task's TTL (REFERENCE §3.4): a pending or reserved task is canceled when it passes. */
export function armTtlTimer(ctx: EngineContext, state: WorkspaceState, task: TaskRuntime): void {
  const deadline = task.record.date_created + task.record.timeout * 1000
  ctx.timers.arm(timerKey.ttl(task.sid), deadline, () =>
    ctx.runInBackground((tx) => {
      const current = state.tasks.get(task.sid)
      const status = current?.record.assignment_status
      if (current && (status === 'pending' || status === 'reserved')) cancelTask({ ctx, state, tx }, current, CancelReason.TtlExceeded)
    }),
  )
}


/**
 * Attributes, priority, channel and virtual start time; or a status change (canceled, wrapping,
 * completed). As in TaskRouter, a status change and new attributes take two requests.
 */
export function updateTask(ctx: EngineContext, input: MethodParsedInput<'tasks.update'>): Outcome<Task> {
  const state = ctx.workspace(input.workspace_sid)
  const task = getTask(state, input.sid)
  assertVersion('Task', task.record, input.if_match)
  const changesFields = input.attributes !== undefined || input.priority !== undefined || input.task_channel !== undefined || input.virtual_start_time !== undefined
  if (input.assignment_status !== undefined && changesFields) {
    throw new InvalidParameterError('Change assignment_status and the other fields in two separate requests (as in TaskRouter)', 'assignment_status')
  }
  const tx = ctx.begin()
  const scope: RoutingScope = { ctx, state, tx }
  const reason = input.reason ?? null
  if (input.assignment_status === 'canceled') cancelTask(scope, task, reason)
  else if (input.assignment_status === 'wrapping') wrapTask(scope, task, reason)
  else if (input.assignment_status === 'completed') completeTask(scope, task, reason)
  else if (changesFields) {
    const status = task.record.assignment_status
    if (status === 'canceled' || status === 'completed') {
      throw new ConflictError(`Task ${task.sid} is ${status} and can no longer change`, 'sid', { assignment_status: status })
    }
    const channel = input.task_channel !== undefined ? state.getChannel(input.task_channel, 'task_channel') : undefined
    if (channel && channel.sid !== task.record.task_channel_sid && status !== 'pending') {
      throw new ConflictError(`The channel of task ${task.sid} can change only while it is pending`, 'task_channel')
    }
    const attributesChanged = input.attributes !== undefined && input.attributes !== task.record.attributes
    saveTask(scope, task, {
      attributes: input.attributes ?? task.record.attributes,
      priority: input.priority ?? task.record.priority,
      task_channel_sid: channel?.sid ?? task.record.task_channel_sid,
      virtual_start_time: input.virtual_start_time !== undefined ? parseVirtualStartTime(input.virtual_start_time, tx.now) : task.record.virtual_start_time,
    })
    if (attributesChanged) task.attributes = parseAttributes(task.record.attributes)
    tx.emit({ workspaceSid: state.sid, type: 'task.updated', resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} updated`, data: taskData(state, task.record, tx.now) })
    // Decision 13: new attributes (or channel) re-run the workflow for a waiting task.
    if ((attributesChanged || channel) && (status === 'pending' || status === 'reserved')) reevaluateTask(scope, task)
  }
  return tx.outcome(taskView(state, task.record, tx.now))
}

/**
 * Deletes a task in any state (REFERENCE §2.2). A waiting task is canceled first (its pending
 * reservations become canceled); an assigned or wrapping one releases its worker's capacity,
 * and the worker looks for more work.
 */
export function deleteTask(ctx: EngineContext, input: MethodParsedInput<'tasks.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  const task = getTask(state, input.sid)
  assertVersion('Task', task.record, input.if_match)
  const status = task.record.assignment_status
  const tx = ctx.begin()
  const scope: RoutingScope = { ctx, state, tx }
  if (status === 'pending' || status === 'reserved') cancelTask(scope, task, 'Task deleted')
  const released = removeTask(scope, task)
  tx.emit({ workspaceSid: state.sid, type: 'task.deleted', resourceType: 'task', resourceSid: task.sid, description: `Task ${task.sid} deleted`, data: taskData(state, task.record, tx.now) })
  for (const worker of released) tryAssignWorker(scope, worker)
  return tx.outcome({ deleted: true })
}

function findReservation(state: WorkspaceState, input: { sid: string; task_sid?: string | undefined; worker_sid?: string | undefined }): ReservationRecord {
  const reservation = state.reservations.get(input.sid)
  if (!reservation || (input.task_sid !== undefined && reservation.task_sid !== input.task_sid) || (input.worker_sid !== undefined && reservation.worker_sid !== input.worker_sid)) {
    throw new NotFoundError(`The requested reservation ${input.sid} was not found`, 'sid')
  }
  return reservation
}

export function listReservations(ctx: EngineContext, input: MethodParsedInput<'reservations.list'>): Reservation[] {
  const state = ctx.workspace(input.workspace_sid)
  const task = input.task_sid !== undefined ? getTask(state, input.task_sid, 'task_sid') : undefined
  if (input.worker_sid !== undefined) state.workers.get(input.worker_sid, 'worker_sid')
  const out: Reservation[] = []
  // A task's own reservations (creation order) rather than a scan of every reservation the
  // workspace keeps for the retention window: integrations poll this per task.
  const candidates = task ? reservationsOf(state, task) : state.reservations.values()
  for (const reservation of candidates) {
    if (input.task_sid !== undefined && reservation.task_sid !== input.task_sid) continue
    if (input.worker_sid !== undefined && reservation.worker_sid !== input.worker_sid) continue
    if (input.reservation_status !== undefined && reservation.reservation_status !== input.reservation_status) continue
    out.push(reservationView(state, reservation))
  }
  return out
}

function* reservationsOf(state: WorkspaceState, task: TaskRuntime): Iterable<ReservationRecord> {
  for (const sid of task.reservationSids) {
    const reservation = state.reservations.get(sid)
    if (reservation) yield reservation
  }
}

export function getReservation(ctx: EngineContext, input: MethodParsedInput<'reservations.get'>): Reservation {
  const state = ctx.workspace(input.workspace_sid)
  return reservationView(state, findReservation(state, input))
}

const ACCEPTING_INSTRUCTIONS = new Set(['accept', 'conference', 'dequeue', 'call', 'redirect'])

/**
 * Accept, reject (with WorkerActivitySid), wrap or complete a reservation. Telephony
 * instructions (conference, dequeue, call, redirect) are recorded for their routing effect
 * only: they accept the reservation (REFERENCE §7.2).
 */
export function updateReservation(ctx: EngineContext, input: MethodParsedInput<'reservations.update'>): Outcome<Reservation> {
  const state = ctx.workspace(input.workspace_sid)
  const reservation = findReservation(state, input)
  assertVersion('Reservation', reservation, input.if_match)
  if (input.worker_activity_sid !== undefined) state.activities.get(input.worker_activity_sid, 'worker_activity_sid')
  if (input.instruction === 'supervise') return superviseReservation(ctx, state, reservation, input)
  if (input.supervisor !== undefined || input.supervisor_mode !== undefined) {
    throw new InvalidParameterError('supervisor and supervisor_mode go with instruction supervise only', input.supervisor !== undefined ? 'supervisor' : 'supervisor_mode')
  }
  const wanted = input.reservation_status ?? (input.instruction === 'reject' ? 'rejected' : input.instruction && ACCEPTING_INSTRUCTIONS.has(input.instruction) ? 'accepted' : undefined)
  if (!wanted) throw new InvalidParameterError('Give reservation_status or instruction', 'reservation_status')
  const tx = ctx.begin()
  const scope: RoutingScope = { ctx, state, tx }
  const task = getTask(state, reservation.task_sid)
  if (wanted === 'accepted') acceptReservation(scope, reservation)
  else if (wanted === 'rejected') rejectReservation(scope, reservation, input.worker_activity_sid)
  else {
    if (reservation.reservation_status !== 'accepted' && reservation.reservation_status !== 'wrapping') {
      throw new InvalidParameterError(`Reservation ${reservation.sid} is ${reservation.reservation_status}; only an accepted reservation can be ${wanted}`, 'reservation_status')
    }
    if (wanted === 'wrapping') wrapTask(scope, task, null)
    else completeTask(scope, task, null)
  }
  return tx.outcome(reservationView(state, state.reservations.get(reservation.sid)!))
}


/**
 * `Instruction=supervise` (REFERENCE §7.2, Task path only): a supervisor joins the call of an
 * accepted reservation to monitor, whisper or barge. Joining a call needs a voice provider, so
 * Routedesk validates the request and records it as a `reservation.supervise` event (Events
 * log and event callbacks) that says so; the reservation itself does not change.
 */
function superviseReservation(ctx: EngineContext, state: WorkspaceState, reservation: ReservationRecord, input: MethodParsedInput<'reservations.update'>): Outcome<Reservation> {
  if (input.task_sid === undefined) {
    throw new InvalidParameterError("instruction supervise is available on a task's reservation only (/Tasks/{TaskSid}/Reservations/{Sid})", 'instruction')
  }
  if (input.reservation_status !== undefined) throw new InvalidParameterError('Give either reservation_status or instruction supervise, not both', 'reservation_status')
  const supervisor = input.supervisor
  if (supervisor === undefined) throw new InvalidParameterError('supervisor is required with instruction supervise: a WK SID or a contact URI', 'supervisor')
  if (/^WK/.test(supervisor)) state.workers.get(supervisor, 'supervisor')
  else if (!/^(client:|sip:|\+?[0-9])/.test(supervisor)) {
    throw new InvalidParameterError(`supervisor must be a WK SID or a contact URI (client:..., sip:..., +1555...), not '${supervisor}'`, 'supervisor')
  }
  if (reservation.reservation_status !== 'accepted') {
    throw new ConflictError(`Reservation ${reservation.sid} is ${reservation.reservation_status}: only an accepted reservation (a call in progress) can be supervised`, 'reservation_status', { reservation_status: reservation.reservation_status })
  }
  const mode = input.supervisor_mode ?? 'monitor'
  const task = getTask(state, reservation.task_sid)
  const tx = ctx.begin()
  tx.emit({
    workspaceSid: state.sid,
    type: 'reservation.supervise',
    resourceType: 'reservation',
    resourceSid: reservation.sid,
    description: `Supervisor ${supervisor} asked to ${mode} reservation ${reservation.sid}: recorded; joining the call is not supported without a voice provider`,
    data: { ...reservationData(state, reservation, task.record, tx.now), supervisor, supervisor_mode: mode },
  })
  return tx.outcome(reservationView(state, reservation))
}
