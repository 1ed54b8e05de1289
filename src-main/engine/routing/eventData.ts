import type { WorkspaceState } from '../configuration/workspaceState'
import type { ReservationRecord, TaskRecord, WorkerRecord } from '../model'

/**
 * Event field groups of REFERENCE §7.3 in the Events log's snake_case (`event_data`), so the
 * Events log and the statistics can be rebuilt from the events alone.
 *
 * Built directly in the stored form (string values, absent fields left out) because they run
 * for every routing event: `Transaction.emit` then keeps the object as the event's data instead
 * of converting a copy. Each call returns a fresh object the caller may extend before emitting.
 */
export type EventData = Record<string, string | null>

/** A nullable number in the stored form. */
function text(value: number | null): string | null {
  return value === null ? null : String(value)
}

export function workerData(state: WorkspaceState, record: WorkerRecord): EventData {
  const activity = state.activities.find(record.activity_sid)
  return {
    worker_sid: record.sid,
    worker_name: record.friendly_name,
    worker_attributes: record.attributes,
    worker_activity_sid: record.activity_sid,
    worker_activity_name: activity?.friendly_name ?? null,
    worker_available: activity?.available ? 'true' : 'false',
    worker_version: String(record.version),
  }
}

export function taskData(state: WorkspaceState, task: TaskRecord, now: number): EventData {
  const queue = task.task_queue_sid ? state.queues.find(task.task_queue_sid) : undefined
  const workflow = task.workflow_sid ? state.workflows.find(task.workflow_sid) : undefined
  const channel = state.channels.find(task.task_channel_sid)
  const data: EventData = {
    task_sid: task.sid,
    task_attributes: task.attributes,
    task_age: String(Math.max(0, Math.floor((now - task.date_created) / 1000))),
    task_priority: String(task.priority),
    task_assignment_status: task.assignment_status,
  }
  addFinalReason(data, task)
  data.task_queue_sid = task.task_queue_sid
  data.task_queue_name = queue?.friendly_name ?? null
  data.task_queue_entered_date_ms = text(task.task_queue_entered_date)
  data.task_virtual_start_time_ms = String(task.virtual_start_time)
  data.task_date_created_ms = String(task.date_created)
  data.workflow_sid = task.workflow_sid
  data.workflow_name = workflow?.friendly_name ?? null
  data.task_channel_sid = task.task_channel_sid
  data.task_channel_unique_name = channel?.unique_name ?? null
  return data
}

/** The reason of a canceled or completed task, under the key its status gives it. */
function addFinalReason(data: EventData, task: TaskRecord): void {
  if (task.assignment_status === 'canceled') data.task_canceled_reason = task.reason
  else if (task.assignment_status === 'completed') data.task_completed_reason = task.reason
}

/** taskData with the reservation's queue, then the worker's fields and the reservation's. */
export function reservationData(state: WorkspaceState, reservation: ReservationRecord, task: TaskRecord, now: number): EventData {
  const data = taskData(state, task, now)
  data.task_queue_sid = reservation.task_queue_sid
  data.worker_sid = reservation.worker_sid
  const worker = state.workers.find(reservation.worker_sid)
  if (worker) {
    const activity = state.activities.find(worker.activity_sid)
    data.worker_name = worker.friendly_name
    data.worker_attributes = worker.attributes
    data.worker_activity_sid = worker.activity_sid
    data.worker_activity_name = activity?.friendly_name ?? null
    data.worker_available = activity?.available ? 'true' : 'false'
    data.worker_version = String(worker.version)
  }
  data.reservation_sid = reservation.sid
  data.reservation_status = reservation.reservation_status
  return data
}
