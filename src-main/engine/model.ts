import type { DomainEvent, QueueOrder } from '../contract/resources'
import type { SlaFormula } from '../contract/slaFormula'

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
  /** When the worker last accepted a reservation: the longest-idle order (decision 9). */
  date_last_assigned?: number | null
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
  /** Last accepted reservation on this channel: longest idle per channel (decision 9). */
  date_last_assigned?: number | null
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
  /**
   * SLA settings for the KPIs (Routedesk extension, KPIS.md §1.3): answered within this many
   * seconds counts toward SLA (default 20); abandoned within `short_abandon_seconds` is a short
   * abandon (default 10); "today" restarts at `sla_reset_time` (HH:MM, default 00:00) in
   * `sla_time_zone` (IANA, default UTC). Optional so rows stored before them still load.
   */
  sla_threshold_seconds?: number
  short_abandon_seconds?: number
  sla_reset_time?: string
  sla_time_zone?: string
  /** Which tasks the SLA % divides by (contract/slaFormula.ts; default exclude_short_abandons). */
  sla_formula?: SlaFormula
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

export type AssignmentStatus = 'pending' | 'reserved' | 'assigned' | 'canceled' | 'completed' | 'wrapping'
export type ReservationStatus = 'pending' | 'accepted' | 'rejected' | 'timeout' | 'canceled' | 'rescinded' | 'wrapping' | 'completed'

/** Where a task is in its workflow: which filter and target, and until when (REFERENCE §5.2). */
export interface RoutingPosition {
  /** Index into task_routing.filters; -1 = default_filter; null with a queue = placed directly. */
  filter_index: number | null
  target_index: number
  /** The queue the current target uses (targets may inherit the previous target's queue). */
  queue_sid: string
  entered_at: number
  /** When this target times out (epoch ms), or null when the target has no timeout. */
  step_deadline: number | null
}

export interface TaskRecord {
  sid: string
  workspace_sid: string
  attributes: string
  assignment_status: AssignmentStatus
  priority: number
  /** TTL in seconds (REFERENCE §3.4). */
  timeout: number
  task_channel_sid: string
  workflow_sid: string | null
  task_queue_sid: string | null
  reason: string | null
  date_created: number
  date_updated: number
  task_queue_entered_date: number | null
  virtual_start_time: number
  /** Pending -> reserved transitions so far (Max Assignment Count, REFERENCE §3.4). */
  assignment_count: number
  routing: RoutingPosition | null
  /**
   * The `RoutingTarget` given at create (a WK, WQ or WW SID), else absent/null. A WK target
   * routes the task straight to that worker (routing/directRouting.ts), outside any queue.
   * Optional so rows stored before it still load.
   */
  routing_target?: string | null
  /** With a worker target: whether the worker's activity and capacity are ignored (default true). */
  ignore_capacity?: boolean | null
  version: number
}

export interface ReservationRecord {
  sid: string
  workspace_sid: string
  task_sid: string
  worker_sid: string
  reservation_status: ReservationStatus
  task_channel_sid: string
  /** Null for a task routed straight to a worker (RoutingTarget=WK...): it is in no queue. */
  task_queue_sid: string | null
  workflow_sid: string | null
  /** The worker's activity before the reservation (REST reject returns to it). */
  worker_previous_activity_sid: string | null
  /** When a pending reservation times out (epoch ms). */
  timeout_deadline: number
  date_created: number
  date_updated: number
  version: number
}

/**
 * A Routedesk-only document kept with a workspace: things TaskRouter has no resource for
 * (workflow drafts and versions, saved samples, wallboard layouts, share links, simulation
 * scenarios and runs). One generic table so a feature needs no migration of its own; each
 * feature owns its `kind` and validates `body` with its own zod schema.
 */
export interface DocumentRecord {
  sid: string
  workspace_sid: string
  /** Owner feature, e.g. `workflow_version`, `wallboard_layout`, `share_link`. */
  kind: string
  /** Display or lookup name; unique per (workspace, kind) only if the feature says so. */
  name: string
  /** What it belongs to (a workflow SID for versions), or '' for none. */
  parent_sid: string
  /** Any JSON value; validated by the owning feature. */
  body: unknown
  date_created: number
  date_updated: number
  /** Bumped on every write. */
  revision: number
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
  tasks: TaskRecord
  reservations: ReservationRecord
  documents: DocumentRecord
}
export type TableName = keyof TableRows
export const tableNames: readonly TableName[] = [
  'workspaces', 'activities', 'task_channels', 'workers', 'worker_channels', 'task_queues', 'workflows', 'tasks', 'reservations', 'documents',
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
  return { workspaces: [], activities: [], task_channels: [], workers: [], worker_channels: [], task_queues: [], workflows: [], tasks: [], reservations: [], documents: [] }
}
