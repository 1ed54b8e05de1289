import { z } from 'zod'
import { SlaFormula } from './slaFormula'
import { SidPrefix, sidSchema } from './sids'

/**
 * The resources as every transport sees them: TaskRouter's snake_case field names
 * (REFERENCE §1.3) without the REST-only `url`, `links` and `account_sid`, which the REST layer
 * adds. `attributes` and `configuration` stay JSON strings, exactly as TaskRouter returns them.
 * Dates are ISO-8601 UTC without milliseconds (`2026-11-21T10:00:00Z`).
 */
const isoDate = z.string()

export const QueueOrder = z.enum(['FIFO', 'LIFO'])
export type QueueOrder = z.infer<typeof QueueOrder>

export const WorkspaceSchema = z.object({
  sid: sidSchema(SidPrefix.Workspace),
  friendly_name: z.string(),
  default_activity_sid: z.string().nullable(),
  default_activity_name: z.string().nullable(),
  timeout_activity_sid: z.string().nullable(),
  timeout_activity_name: z.string().nullable(),
  multi_task_enabled: z.boolean(),
  prioritize_queue_order: QueueOrder,
  event_callback_url: z.string(),
  events_filter: z.string().nullable(),
  date_created: isoDate,
  date_updated: isoDate,
})
export type Workspace = z.infer<typeof WorkspaceSchema>

export const ActivitySchema = z.object({
  sid: sidSchema(SidPrefix.Activity),
  workspace_sid: z.string(),
  friendly_name: z.string(),
  available: z.boolean(),
  date_created: isoDate,
  date_updated: isoDate,
})
export type Activity = z.infer<typeof ActivitySchema>

export const TaskChannelSchema = z.object({
  sid: sidSchema(SidPrefix.TaskChannel),
  workspace_sid: z.string(),
  friendly_name: z.string(),
  unique_name: z.string(),
  channel_optimized_routing: z.boolean(),
  date_created: isoDate,
  date_updated: isoDate,
})
export type TaskChannel = z.infer<typeof TaskChannelSchema>

export const WorkerSchema = z.object({
  sid: sidSchema(SidPrefix.Worker),
  workspace_sid: z.string(),
  friendly_name: z.string(),
  attributes: z.string(),
  activity_sid: z.string(),
  activity_name: z.string(),
  available: z.boolean(),
  date_created: isoDate,
  date_updated: isoDate,
  date_status_changed: isoDate,
  /** Optimistic-concurrency version; REST sends it as the ETag (decision 3). */
  version: z.number().int(),
})
export type Worker = z.infer<typeof WorkerSchema>

export const WorkerChannelSchema = z.object({
  sid: sidSchema(SidPrefix.WorkerChannel),
  workspace_sid: z.string(),
  worker_sid: z.string(),
  task_channel_sid: z.string(),
  task_channel_unique_name: z.string(),
  configured_capacity: z.number().int(),
  assigned_tasks: z.number().int(),
  available_capacity_percentage: z.number().int(),
  available: z.boolean(),
  date_created: isoDate,
  date_updated: isoDate,
})
export type WorkerChannel = z.infer<typeof WorkerChannelSchema>

export const TaskQueueSchema = z.object({
  sid: sidSchema(SidPrefix.TaskQueue),
  workspace_sid: z.string(),
  friendly_name: z.string(),
  target_workers: z.string(),
  task_order: QueueOrder,
  max_reserved_workers: z.number().int(),
  reservation_activity_sid: z.string().nullable(),
  reservation_activity_name: z.string().nullable(),
  assignment_activity_sid: z.string().nullable(),
  assignment_activity_name: z.string().nullable(),
  /** SLA settings for the KPIs (Routedesk extension; defaults 20 s, 10 s, "00:00", "UTC"). */
  sla_threshold_seconds: z.number().int(),
  short_abandon_seconds: z.number().int(),
  sla_reset_time: z.string(),
  sla_time_zone: z.string(),
  /** Which tasks the SLA % divides by (slaFormula.ts). */
  sla_formula: SlaFormula,
  date_created: isoDate,
  date_updated: isoDate,
})
export type TaskQueue = z.infer<typeof TaskQueueSchema>

export const WorkflowSchema = z.object({
  sid: sidSchema(SidPrefix.Workflow),
  workspace_sid: z.string(),
  friendly_name: z.string(),
  configuration: z.string(),
  assignment_callback_url: z.string().nullable(),
  fallback_assignment_callback_url: z.string().nullable(),
  task_reservation_timeout: z.number().int(),
  document_content_type: z.string(),
  date_created: isoDate,
  date_updated: isoDate,
})
export type Workflow = z.infer<typeof WorkflowSchema>

export const AssignmentStatusSchema = z.enum(['pending', 'reserved', 'assigned', 'canceled', 'completed', 'wrapping'])
export const ReservationStatusSchema = z.enum(['pending', 'accepted', 'rejected', 'timeout', 'canceled', 'rescinded', 'wrapping', 'completed'])

export const TaskSchema = z.object({
  sid: sidSchema(SidPrefix.Task),
  workspace_sid: z.string(),
  attributes: z.string(),
  assignment_status: AssignmentStatusSchema,
  priority: z.number().int(),
  /** TTL in seconds. */
  timeout: z.number().int(),
  /** Seconds since creation. */
  age: z.number().int(),
  task_channel_sid: z.string(),
  task_channel_unique_name: z.string(),
  workflow_sid: z.string().nullable(),
  workflow_friendly_name: z.string().nullable(),
  task_queue_sid: z.string().nullable(),
  task_queue_friendly_name: z.string().nullable(),
  task_queue_entered_date: isoDate.nullable(),
  reason: z.string().nullable(),
  date_created: isoDate,
  date_updated: isoDate,
  virtual_start_time: isoDate,
  addons: z.string(),
  /** The RoutingTarget given at create (WK, WQ or WW SID), else null (REFERENCE §2.2). */
  routing_target: z.string().nullable().optional(),
  /** True/false with a worker routing_target, else null. */
  ignore_capacity: z.boolean().nullable().optional(),
  version: z.number().int(),
})
export type Task = z.infer<typeof TaskSchema>

export const ReservationSchema = z.object({
  sid: sidSchema(SidPrefix.Reservation),
  workspace_sid: z.string(),
  task_sid: z.string(),
  worker_sid: z.string(),
  worker_name: z.string(),
  reservation_status: ReservationStatusSchema,
  date_created: isoDate,
  date_updated: isoDate,
  version: z.number().int(),
})
export type Reservation = z.infer<typeof ReservationSchema>

/** One entry of the Events log (REFERENCE §1.3 Event), also the payload of pushed domain events. */
export const DomainEventSchema = z.object({
  sid: sidSchema(SidPrefix.Event),
  workspace_sid: z.string(),
  event_type: z.string(),
  description: z.string(),
  resource_type: z.string(),
  resource_sid: z.string(),
  resource_url_path: z.string(),
  actor_type: z.string(),
  actor_sid: z.string(),
  event_date: isoDate,
  event_date_ms: z.number().int(),
  /** TaskRouter sends these values as strings; so do we. */
  event_data: z.record(z.string(), z.string().nullable()),
  source: z.string(),
})
export type DomainEvent = z.infer<typeof DomainEventSchema>
