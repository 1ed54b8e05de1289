import type { WorkspaceState } from '../configuration/workspaceState'
import type { ReservationRecord, TaskRecord, WorkerRecord } from '../model'

/**
 * Event field groups of REFERENCE §7.3 in the Events log's snake_case (`event_data`), so the
 * Events log and the statistics can be rebuilt from the events alone.
 */
export type EventData = Record<string, string | number | boolean | null | undefined>

export function workerData(state: WorkspaceState, record: WorkerRecord): EventData {
  const activity = state.activities.find(record.activity_sid)
  return {
    worker_sid: record.sid,
    worker_name: record.friendly_name,
    worker_attributes: record.attributes,
    worker_activity_sid: record.activity_sid,
    worker_activity_name: activity?.friendly_name ?? null,
    worker_available: activity?.available ?? false,
    worker_version: record.version,
  }
}

export function taskData(state: WorkspaceState, task: TaskRecord, now: number): EventData {
  const queue = task.task_queue_sid ? state.queues.find(task.task_queue_sid) : undefined
  const workflow = task.workflow_sid ? state.workflows.find(task.workflow_sid) : undefined
  const channel = state.channels.find(task.task_channel_sid)
  return {
    task_sid: task.sid,
    task_attributes: task.attributes,
    task_age: Math.max(0, Math.floor((now - task.date_created) / 1000)),
    task_priority: task.priority,
    task_assignment_status: task.assignment_status,
    task_canceled_reason: task.assignment_status === 'canceled' ? task.reason : undefined,
    task_completed_reason: task.assignment_status === 'completed' ? task.reason : undefined,
    task_queue_sid: task.task_queue_sid,
    task_queue_name: queue?.friendly_name ?? null,
    task_queue_entered_date_ms: task.task_queue_entered_date,
    task_virtual_start_time_ms: task.virtual_start_time,
    task_date_created_ms: task.date_created,
    workflow_sid: task.workflow_sid,
    workflow_name: workflow?.friendly_name ?? null,
    task_channel_sid: task.task_channel_sid,
    task_channel_unique_name: channel?.unique_name ?? null,
  }
}

export function reservationData(state: WorkspaceState, reservation: ReservationRecord, task: TaskRecord, now: number): EventData {
  // One literal in the order the spread of taskData and workerData gave (task_queue_sid keeps
  // its taskData place with the reservation's value): this runs for every reservation event.
  const queue = task.task_queue_sid ? state.queues.find(task.task_queue_sid) : undefined
  const workflow = task.workflow_sid ? state.workflows.find(task.workflow_sid) : undefined
  const channel = state.channels.find(task.task_channel_sid)
  const worker = state.workers.find(reservation.worker_sid)
  const activity = worker ? state.activities.find(worker.activity_sid) : undefined
  const data: EventData = {
    task_sid: task.sid,
    task_attributes: task.attributes,
    task_age: Math.max(0, Math.floor((now - task.date_created) / 1000)),
    task_priority: task.priority,
    task_assignment_status: task.assignment_status,
    task_canceled_reason: task.assignment_status === 'canceled' ? task.reason : undefined,
    task_completed_reason: task.assignment_status === 'completed' ? task.reason : undefined,
    task_queue_sid: reservation.task_queue_sid,
    task_queue_name: queue?.friendly_name ?? null,
    task_queue_entered_date_ms: task.task_queue_entered_date,
    task_virtual_start_time_ms: task.virtual_start_time,
    task_date_created_ms: task.date_created,
    workflow_sid: task.workflow_sid,
    workflow_name: workflow?.friendly_name ?? null,
    task_channel_sid: task.task_channel_sid,
    task_channel_unique_name: channel?.unique_name ?? null,
    worker_sid: reservation.worker_sid,
  }
  if (worker) {
    data.worker_name = worker.friendly_name
    data.worker_attributes = worker.attributes
    data.worker_activity_sid = worker.activity_sid
    data.worker_activity_name = activity?.friendly_name ?? null
    data.worker_available = activity?.available ?? false
    data.worker_version = worker.version
  }
  data.reservation_sid = reservation.sid
  data.reservation_status = reservation.reservation_status
  return data
}
