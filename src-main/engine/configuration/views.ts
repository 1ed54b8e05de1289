import type { Activity, TaskChannel, TaskQueue, Worker, WorkerChannel, Workflow, Workspace } from '../../contract/resources'
import { isoSeconds } from '../clock'
import type {
  ActivityRecord,
  TaskChannelRecord,
  TaskQueueRecord,
  WorkerChannelRecord,
  WorkerRecord,
  WorkflowRecord,
} from '../model'
import type { WorkspaceState } from './workspaceState'
import { SLA_DEFAULTS } from '../statistics/settings'
import { capacityPercentage, type WorkerRuntime } from '../routing/runtime'

/** Records -> contract resources: derived fields (names, availability) are computed here. */
export function workspaceView(state: WorkspaceState): Workspace {
  const record = state.record
  const defaultActivity = record.default_activity_sid ? state.activities.find(record.default_activity_sid) : undefined
  const timeoutActivity = record.timeout_activity_sid ? state.activities.find(record.timeout_activity_sid) : undefined
  return {
    sid: record.sid,
    friendly_name: record.friendly_name,
    default_activity_sid: defaultActivity?.sid ?? null,
    default_activity_name: defaultActivity?.friendly_name ?? null,
    timeout_activity_sid: timeoutActivity?.sid ?? null,
    timeout_activity_name: timeoutActivity?.friendly_name ?? null,
    multi_task_enabled: record.multi_task_enabled,
    prioritize_queue_order: record.prioritize_queue_order,
    event_callback_url: record.event_callback_url,
    events_filter: record.events_filter,
    date_created: isoSeconds(record.date_created),
    date_updated: isoSeconds(record.date_updated),
  }
}

export function activityView(record: ActivityRecord): Activity {
  return { ...record, date_created: isoSeconds(record.date_created), date_updated: isoSeconds(record.date_updated) }
}

export function taskChannelView(record: TaskChannelRecord): TaskChannel {
  return { ...record, date_created: isoSeconds(record.date_created), date_updated: isoSeconds(record.date_updated) }
}

export function workerView(state: WorkspaceState, record: WorkerRecord): Worker {
  const activity = state.activities.find(record.activity_sid)
  return {
    sid: record.sid,
    workspace_sid: record.workspace_sid,
    friendly_name: record.friendly_name,
    attributes: record.attributes,
    activity_sid: record.activity_sid,
    activity_name: activity?.friendly_name ?? '',
    available: activity?.available ?? false,
    date_created: isoSeconds(record.date_created),
    date_updated: isoSeconds(record.date_updated),
    date_status_changed: isoSeconds(record.date_status_changed),
    version: record.version,
  }
}

/**
 * Capacity numbers per decision 10: `assigned_tasks` counts accepted reservations; the
 * percentage counts pending, accepted and wrapping ones, and is 0 when capacity is 0 or the
 * channel is switched off.
 */
export function workerChannelView(state: WorkspaceState, record: WorkerChannelRecord, worker: WorkerRuntime | undefined): WorkerChannel {
  const capacity = record.configured_capacity
  const load = worker?.load.get(record.task_channel_sid)
  const assignedTasks = load?.accepted ?? 0
  const percentage = capacityPercentage(capacity, record.available, load)
  return {
    sid: record.sid,
    workspace_sid: record.workspace_sid,
    worker_sid: record.worker_sid,
    task_channel_sid: record.task_channel_sid,
    task_channel_unique_name: state.channels.find(record.task_channel_sid)?.unique_name ?? '',
    configured_capacity: capacity,
    assigned_tasks: assignedTasks,
    available_capacity_percentage: percentage,
    available: record.available,
    date_created: isoSeconds(record.date_created),
    date_updated: isoSeconds(record.date_updated),
  }
}

export function taskQueueView(state: WorkspaceState, record: TaskQueueRecord): TaskQueue {
  const reservationActivity = record.reservation_activity_sid ? state.activities.find(record.reservation_activity_sid) : undefined
  const assignmentActivity = record.assignment_activity_sid ? state.activities.find(record.assignment_activity_sid) : undefined
  return {
    sid: record.sid,
    workspace_sid: record.workspace_sid,
    friendly_name: record.friendly_name,
    target_workers: record.target_workers,
    task_order: record.task_order,
    max_reserved_workers: record.max_reserved_workers,
    reservation_activity_sid: reservationActivity?.sid ?? null,
    reservation_activity_name: reservationActivity?.friendly_name ?? null,
    assignment_activity_sid: assignmentActivity?.sid ?? null,
    assignment_activity_name: assignmentActivity?.friendly_name ?? null,
    sla_threshold_seconds: record.sla_threshold_seconds ?? SLA_DEFAULTS.sla_threshold_seconds,
    short_abandon_seconds: record.short_abandon_seconds ?? SLA_DEFAULTS.short_abandon_seconds,
    sla_reset_time: record.sla_reset_time ?? SLA_DEFAULTS.sla_reset_time,
    sla_time_zone: record.sla_time_zone ?? SLA_DEFAULTS.sla_time_zone,
    sla_formula: record.sla_formula ?? SLA_DEFAULTS.sla_formula,
    date_created: isoSeconds(record.date_created),
    date_updated: isoSeconds(record.date_updated),
  }
}

export function workflowView(record: WorkflowRecord): Workflow {
  return {
    ...record,
    document_content_type: 'application/json',
    date_created: isoSeconds(record.date_created),
    date_updated: isoSeconds(record.date_updated),
  }
}
