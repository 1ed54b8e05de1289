import type { DomainEvent, QueueOrder } from '../contract/resources'

/**
 * The engine's stored records: what the store persists and what rebuilds the engine at
 * start-up. Dates are epoch milliseconds; derived fields (activity names, `available`,
 * capacity percentages) are computed by the views, never stored twice.
 */
export interface WorkspaceRecord {
  sid: string
  friendly_name: string
  default_activity_sid: string | null
  timeout_activity_sid: string | null
  multi_task_enabled: boolean
  prioritize_queue_order: QueueOrder
  event_callback_url: string
  events_filter: string | null
  date_created: number
  date_updated: number
}

export interface ActivityRecord {
  sid: string
  workspace_sid: string
  friendly_name: string
  available: boolean
  date_created: number
  date_updated: number
}

export interface TaskChannelRecord {
  sid: string
  workspace_sid: string
  friendly_name: string
  unique_name: string
  channel_optimized_routing: boolean
  date_created: number
  date_updated: number
}

export interface WorkerRecord {
  sid: string
  workspace_sid: string
  friendly_name: string
  /** The JSON text exactly as given (TaskRouter returns it verbatim). */
  attributes: string
  activity_sid: string
  date_created: number
  date_updated: number
  date_status_changed: number
  version: number
}

export interface WorkerChannelRecord {
  sid: string
  workspace_sid: string
  worker_sid: string
  task_channel_sid: string
  configured_capacity: number
  available: boolean
  date_created: number
  date_updated: number
}

export interface TaskQueueRecord {
  sid: string
  workspace_sid: string
  friendly_name: string
  target_workers: string
  task_order: QueueOrder
  max_reserved_workers: number
  reservation_activity_sid: string | null
  assignment_activity_sid: string | null
  date_created: number
  date_updated: number
}

export interface WorkflowRecord {
  sid: string
  workspace_sid: string
  friendly_name: string
  configuration: string
  assignment_callback_url: string | null
  fallback_assignment_callback_url: string | null
  task_reservation_timeout: number
  date_created: number
  date_updated: number
}

/** Row type per table: the single list of what the store keeps for the engine. */
export interface TableRows {
  workspaces: WorkspaceRecord
  activities: ActivityRecord
  task_channels: TaskChannelRecord
  workers: WorkerRecord
  worker_channels: WorkerChannelRecord
  task_queues: TaskQueueRecord
  workflows: WorkflowRecord
}
export type TableName = keyof TableRows
export const tableNames: readonly TableName[] = [
  'workspaces', 'activities', 'task_channels', 'workers', 'worker_channels', 'task_queues', 'workflows',
]

/** One durable change: a row written or removed. A change set is applied atomically. */
export type Change =
  | { [T in TableName]: { op: 'put'; table: T; row: TableRows[T] } }[TableName]
  | { op: 'delete'; table: TableName; sid: string }
  /** Removes a workspace and every row that belongs to it. */
  | { op: 'purge_workspace'; workspace_sid: string }

/** What a command produces besides its result: state to persist, events to publish. */
export interface Outcome<T> {
  result: T
  changes: Change[]
  events: DomainEvent[]
}

/** Everything the store holds for the engine, table by table, as loaded at start-up. */
export type StoredState = { [T in TableName]: TableRows[T][] }

export function emptyStoredState(): StoredState {
  return { workspaces: [], activities: [], task_channels: [], workers: [], worker_channels: [], task_queues: [], workflows: [] }
}
