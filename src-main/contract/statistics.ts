import { z } from 'zod'
import { isoDateTime, taskChannelRef, taskQueueSid, workerSid, workflowSid, workspaceSid } from './inputs'
import { SlaFormula } from './slaFormula'

/**
 * Statistics (issue 5, REFERENCE §8): TaskRouter's real-time and cumulative statistics with
 * their exact field names, plus Routedesk's contact-center KPIs (KPIS.md §4), a compact
 * snapshot for the live feed (`stats.snapshot`; pushed as `app.statsDelta` frames, contract/liveStats.ts) and time series for charts. All reads.
 *
 * Windows: `minutes` (default 15, at most 30 days) or `start_date`/`end_date` (ISO-8601 UTC).
 * Buckets are per minute, so a window starts at the minute its start falls in.
 */

/** Comma list of whole seconds (`"5,30"`) or an array of them; at most 10 thresholds. */
export const splitByWaitTime = z.union([
  z.string().max(200).regex(/^\s*\d{1,7}(\s*,\s*\d{1,7})*\s*$/, { message: 'must be a comma-separated list of whole seconds, e.g. 5,30' }),
  z.array(z.number().int().min(0).max(9_999_999)).max(10),
])

const windowInput = {
  workspace_sid: workspaceSid,
  minutes: z.number().int().min(1).max(43_200).optional(),
  start_date: isoDateTime.optional(),
  end_date: isoDateTime.optional(),
  task_channel: taskChannelRef.optional(),
}
const realtimeInput = { workspace_sid: workspaceSid, task_channel: taskChannelRef.optional() }

const count = z.number().int()
const durationSummary = z.object({ avg: z.number(), min: z.number(), max: z.number(), total: z.number() })
export type DurationSummary = z.infer<typeof durationSummary>

export const ActivityStatisticSchema = z.object({ sid: z.string(), friendly_name: z.string(), workers: count })
export const ActivityDurationSchema = z.object({ sid: z.string(), friendly_name: z.string(), avg: z.number(), min: z.number(), max: z.number(), total: z.number() })
const tasksByStatus = z.object({ pending: count, reserved: count, assigned: count, wrapping: count })
/** Priority (as a string) -> live tasks. */
const tasksByPriority = z.record(z.string(), count)
const splitResult = z.record(z.string(), z.object({
  above: z.object({ tasks_canceled: count, reservations_accepted: count }),
  below: z.object({ tasks_canceled: count, reservations_accepted: count }),
}))

const reservationCounts = {
  reservations_created: count,
  reservations_accepted: count,
  reservations_rejected: count,
  reservations_timed_out: count,
  reservations_canceled: count,
  reservations_rescinded: count,
}

export const WorkspaceRealtimeSchema = z.object({
  workspace_sid: z.string(),
  total_workers: count,
  total_tasks: count,
  activity_statistics: z.array(ActivityStatisticSchema),
  tasks_by_status: tasksByStatus,
  tasks_by_priority: tasksByPriority,
  longest_task_waiting_age: count,
  longest_task_waiting_sid: z.string().nullable(),
})
export type WorkspaceRealtime = z.infer<typeof WorkspaceRealtimeSchema>

export const WorkspaceCumulativeSchema = z.object({
  workspace_sid: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  avg_task_acceptance_time: count,
  ...reservationCounts,
  tasks_created: count,
  tasks_canceled: count,
  tasks_completed: count,
  tasks_deleted: count,
  tasks_moved: count,
  tasks_timed_out_in_workflow: count,
  wait_duration_until_accepted: durationSummary,
  wait_duration_until_canceled: durationSummary,
  split_by_wait_time: splitResult.nullable(),
})
export type WorkspaceCumulative = z.infer<typeof WorkspaceCumulativeSchema>

export const QueueRealtimeSchema = z.object({
  workspace_sid: z.string(),
  task_queue_sid: z.string(),
  total_available_workers: count,
  total_eligible_workers: count,
  total_tasks: count,
  activity_statistics: z.array(ActivityStatisticSchema),
  tasks_by_status: tasksByStatus,
  tasks_by_priority: tasksByPriority,
  longest_task_waiting_age: count,
  longest_task_waiting_sid: z.string().nullable(),
  longest_relative_task_age_in_queue: count,
  longest_relative_task_sid_in_queue: z.string().nullable(),
})
export type QueueRealtime = z.infer<typeof QueueRealtimeSchema>

export const QueueCumulativeSchema = z.object({
  workspace_sid: z.string(),
  task_queue_sid: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  avg_task_acceptance_time: count,
  ...reservationCounts,
  tasks_entered: count,
  tasks_canceled: count,
  tasks_completed: count,
  tasks_deleted: count,
  tasks_moved: count,
  wait_duration_until_accepted: durationSummary,
  wait_duration_until_canceled: durationSummary,
  wait_duration_in_queue_until_accepted: durationSummary,
  split_by_wait_time: splitResult.nullable(),
})
export type QueueCumulative = z.infer<typeof QueueCumulativeSchema>

export const WorkflowRealtimeSchema = z.object({
  workspace_sid: z.string(),
  workflow_sid: z.string(),
  total_tasks: count,
  tasks_by_status: tasksByStatus,
  tasks_by_priority: tasksByPriority,
  longest_task_waiting_age: count,
  longest_task_waiting_sid: z.string().nullable(),
})
export type WorkflowRealtime = z.infer<typeof WorkflowRealtimeSchema>

export const WorkflowCumulativeSchema = z.object({
  workspace_sid: z.string(),
  workflow_sid: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  avg_task_acceptance_time: count,
  ...reservationCounts,
  tasks_entered: count,
  tasks_canceled: count,
  tasks_completed: count,
  tasks_deleted: count,
  tasks_moved: count,
  tasks_timed_out_in_workflow: count,
  wait_duration_until_accepted: durationSummary,
  wait_duration_until_canceled: durationSummary,
  split_by_wait_time: splitResult.nullable(),
})
export type WorkflowCumulative = z.infer<typeof WorkflowCumulativeSchema>

export const WorkersRealtimeSchema = z.object({ workspace_sid: z.string(), total_workers: count, activity_statistics: z.array(ActivityStatisticSchema) })
export type WorkersRealtime = z.infer<typeof WorkersRealtimeSchema>

export const WorkersCumulativeSchema = z.object({
  workspace_sid: z.string(),
  start_time: z.string(),
  end_time: z.string(),
  activity_durations: z.array(ActivityDurationSchema),
  ...reservationCounts,
})
export type WorkersCumulative = z.infer<typeof WorkersCumulativeSchema>

/** KPIs "now" (KPIS.md §4, Flex Real-Time Queues View). */
export const KpiNowSchema = z.object({
  active_tasks: count,
  waiting_tasks: count,
  /** Seconds the oldest waiting task has been in the queue (rollup: the maximum). */
  longest_wait: count,
  longest_wait_task_sid: z.string().nullable(),
  agents_available: count,
  agents_unavailable: count,
  agents_offline: count,
  /** Busy agents / (busy + available idle agents), percent; null with nobody to count. */
  occupancy: z.number().nullable(),
})
export type KpiNow = z.infer<typeof KpiNowSchema>

/** KPIs over a window (30 minutes or today). Times in seconds; averages null when nothing was counted. */
export const KpiPeriodSchema = z.object({
  start_time: z.string(),
  end_time: z.string(),
  tasks: count,
  accepted: count,
  accepted_within_sla: count,
  abandoned: count,
  short_abandoned: count,
  completed: count,
  /**
   * Accepted within threshold over the queue's `sla_formula` denominator (default: accepted +
   * abandoned - short abandoned), percent. Rollup: weighted by accepted + abandoned.
   */
  sla_percent: z.number().nullable(),
  abandoned_percent: z.number().nullable(),
  short_abandoned_percent: z.number().nullable(),
  asa: z.number().nullable(),
  aht: z.number().nullable(),
  avg_talk_time: z.number().nullable(),
  avg_wrap_up_time: z.number().nullable(),
  avg_abandon_time: z.number().nullable(),
  missed_invitations: count,
  rejected_invitations: count,
  /**
   * Handle time / (handle time + available idle time) over the window, percent: agent-seconds
   * with an accepted or wrapping task over those plus agent-seconds available with nothing to
   * do. Null when nobody was counted.
   */
  occupancy: z.number().nullable(),
})
export type KpiPeriod = z.infer<typeof KpiPeriodSchema>

export const KpiSchema = z.object({ now: KpiNowSchema, period: KpiPeriodSchema.nullable() })
export type Kpi = z.infer<typeof KpiSchema>

export const QueueKpisSchema = z.object({
  task_queue_sid: z.string(),
  friendly_name: z.string(),
  sla_threshold_seconds: count,
  short_abandon_seconds: count,
  sla_formula: SlaFormula,
  /** `sla_formula` in words, for display. */
  sla_formula_text: z.string(),
  kpis: KpiSchema,
  by_channel: z.array(z.object({ task_channel_sid: z.string(), task_channel_unique_name: z.string(), kpis: KpiSchema })),
})

export const KpisSchema = z.object({
  workspace_sid: z.string(),
  window: z.enum(['now', '30m', 'today']),
  task_channel_sid: z.string().nullable(),
  generated_at: z.string(),
  queues: z.array(QueueKpisSchema),
  /** Sums; max for longest wait; SLA weighted by accepted + abandoned, ASA by accepted; agents once globally. */
  rollup: KpiSchema,
  rollup_by_channel: z.array(z.object({ task_channel_sid: z.string(), task_channel_unique_name: z.string(), kpis: KpiSchema })),
})
export type Kpis = z.infer<typeof KpisSchema>

export const SeriesPointSchema = z.object({
  t: z.number().int(),
  total_tasks: count,
  pending: count,
  reserved: count,
  assigned: count,
  wrapping: count,
  longest_task_waiting_age: count,
  total_workers: count,
  available_workers: count,
  busy_workers: count,
})
export type SeriesPoint = z.infer<typeof SeriesPointSchema>

/** A compact statistics snapshot (`stats.snapshot`); the live feed pushes `app.statsDelta` frames instead (contract/liveStats.ts). */
export const StatsSnapshotSchema = z.object({
  workspace_sid: z.string(),
  generated_at: z.string(),
  generated_at_ms: z.number().int(),
  workspace: WorkspaceRealtimeSchema,
  queues: z.array(QueueRealtimeSchema.extend({ friendly_name: z.string() })),
  kpis: KpisSchema,
})
export type StatsSnapshot = z.infer<typeof StatsSnapshotSchema>

/**
 * Per-queue SLA settings accepted by queues.create/update (Routedesk extension, KPIS.md §1.3).
 * The time zone is checked against the runtime's IANA zones by the engine.
 */
export const slaSettings = {
  sla_threshold_seconds: z.number().int().min(0).max(86_400).optional(),
  short_abandon_seconds: z.number().int().min(0).max(86_400).optional(),
  sla_reset_time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM (00:00 to 23:59)' }).optional(),
  sla_time_zone: z.string().min(1).max(64).optional(),
  /** Which tasks the SLA % divides by (slaFormula.ts); default `exclude_short_abandons`. */
  sla_formula: SlaFormula.optional(),
}

const cumulativeInput = { ...windowInput, split_by_wait_time: splitByWaitTime.optional() }

export const statisticsMethods = {
  'stats.workspace': {
    input: z.strictObject(cumulativeInput),
    output: z.object({ workspace_sid: z.string(), realtime: WorkspaceRealtimeSchema, cumulative: WorkspaceCumulativeSchema }),
  },
  'statsRealtime.workspace': { input: z.strictObject(realtimeInput), output: WorkspaceRealtimeSchema },
  'statsCumulative.workspace': { input: z.strictObject(cumulativeInput), output: WorkspaceCumulativeSchema },
  'stats.queue': {
    input: z.strictObject({ ...cumulativeInput, task_queue_sid: taskQueueSid }),
    output: z.object({ workspace_sid: z.string(), task_queue_sid: z.string(), realtime: QueueRealtimeSchema, cumulative: QueueCumulativeSchema }),
  },
  'statsRealtime.queue': { input: z.strictObject({ ...realtimeInput, task_queue_sid: taskQueueSid }), output: QueueRealtimeSchema },
  'statsCumulative.queue': { input: z.strictObject({ ...cumulativeInput, task_queue_sid: taskQueueSid }), output: QueueCumulativeSchema },
  'stats.queues': {
    input: z.strictObject({ ...cumulativeInput, friendly_name: z.string().max(64).optional() }),
    output: z.array(z.object({ workspace_sid: z.string(), task_queue_sid: z.string(), realtime: QueueRealtimeSchema, cumulative: QueueCumulativeSchema })),
  },
  'statsRealtime.queues': {
    input: z.strictObject({ ...realtimeInput, queue_sids: z.array(taskQueueSid).min(1, { message: 'must list 1 to 50 queue SIDs' }).max(50, { message: 'must list 1 to 50 queue SIDs' }) }),
    output: z.object({ workspace_sid: z.string(), task_queue_data: z.array(QueueRealtimeSchema.omit({ workspace_sid: true })), task_queue_response_count: count }),
  },
  'stats.workers': {
    input: z.strictObject({ ...windowInput, task_queue_sid: taskQueueSid.optional(), task_queue_name: z.string().max(64).optional(), friendly_name: z.string().max(64).optional() }),
    output: z.object({ workspace_sid: z.string(), realtime: WorkersRealtimeSchema.omit({ workspace_sid: true }), cumulative: WorkersCumulativeSchema }),
  },
  'statsRealtime.workers': { input: z.strictObject(realtimeInput), output: WorkersRealtimeSchema },
  'statsCumulative.workers': { input: z.strictObject(windowInput), output: WorkersCumulativeSchema },
  'stats.worker': {
    input: z.strictObject({ ...windowInput, worker_sid: workerSid }),
    output: z.object({ workspace_sid: z.string(), worker_sid: z.string(), cumulative: WorkersCumulativeSchema.omit({ workspace_sid: true }) }),
  },
  'stats.workflow': {
    input: z.strictObject({ ...cumulativeInput, workflow_sid: workflowSid }),
    output: z.object({ workspace_sid: z.string(), workflow_sid: z.string(), realtime: WorkflowRealtimeSchema, cumulative: WorkflowCumulativeSchema }),
  },
  'statsRealtime.workflow': { input: z.strictObject({ ...realtimeInput, workflow_sid: workflowSid }), output: WorkflowRealtimeSchema },
  'statsCumulative.workflow': { input: z.strictObject({ ...cumulativeInput, workflow_sid: workflowSid }), output: WorkflowCumulativeSchema },
  'stats.kpis': {
    input: z.strictObject({ ...realtimeInput, window: z.enum(['now', '30m', 'today']).optional() }),
    output: KpisSchema,
  },
  'stats.snapshot': { input: z.strictObject({ workspace_sid: workspaceSid }), output: StatsSnapshotSchema },
  'stats.series': {
    input: z.strictObject({ workspace_sid: workspaceSid, resolution: z.enum(['second', 'minute']).optional(), minutes: z.number().int().min(1).max(43_200).optional() }),
    output: z.object({ workspace_sid: z.string(), resolution: z.enum(['second', 'minute']), start_time: z.string(), end_time: z.string(), points: z.array(SeriesPointSchema) }),
  },
} as const
export { SLA_FORMULAS, SLA_FORMULA_TEXT, SlaFormula } from './slaFormula'
