import { z } from 'zod'
import { workspaceSid } from './inputs'
import { SlaFormula } from './slaFormula'
import { KpiNowSchema } from './statistics'

/**
 * The live statistics feed (issue 9 "Speed"): a compact frame of a workspace's real-time numbers
 * (`stats.live`) and the deltas pushed as `app.statsDelta` at most once a second. The renderer
 * keeps the frame up to date and rebuilds a `StatsSnapshot` from it (src-renderer/src/app/liveStats).
 *
 * Compact on purpose: with 500 queues the old pushed snapshot was ~1.2 MB a second. A frame holds
 * no per-queue-per-channel KPIs (no screen shows them), activity counts as numbers in the order
 * of `activities`, and the oldest waiting task as a start time (`*_since`, epoch ms) instead of
 * an age, so a queue whose tasks just keep waiting does not change from one push to the next.
 */

const count = z.number().int()
/** Epoch ms the oldest waiting task started waiting; null when nothing waits. Age = floor((generated_at_ms - since) / 1000). */
const since = z.number().int().nullable()
const tasksByStatus = z.object({ pending: count, reserved: count, assigned: count, wrapping: count })

/**
 * One queue. Its KPIs "now" follow from these fields: active = assigned + wrapping, waiting =
 * pending + reserved, longest wait = the relative (in-queue) one, agents available =
 * `total_available_workers`; the rest is here.
 */
export const LiveQueueSchema = z.object({
  task_queue_sid: z.string(),
  friendly_name: z.string(),
  sla_threshold_seconds: count,
  short_abandon_seconds: count,
  sla_formula: SlaFormula,
  sla_formula_text: z.string(),
  total_available_workers: count,
  total_eligible_workers: count,
  total_tasks: count,
  /** Eligible workers per activity, in the order of the frame's `activities`. */
  activity_workers: z.array(count),
  tasks_by_status: tasksByStatus,
  tasks_by_priority: z.record(z.string(), count),
  longest_task_waiting_since: since,
  longest_task_waiting_sid: z.string().nullable(),
  longest_relative_task_since: since,
  longest_relative_task_sid_in_queue: z.string().nullable(),
  agents_unavailable: count,
  agents_offline: count,
  /** Busy / (busy + available idle) eligible workers, percent; null with nobody to count. */
  occupancy: z.number().nullable(),
})
export type LiveQueue = z.infer<typeof LiveQueueSchema>

export const LiveWorkspaceSchema = z.object({
  total_workers: count,
  total_tasks: count,
  activity_workers: z.array(count),
  tasks_by_status: tasksByStatus,
  tasks_by_priority: z.record(z.string(), count),
  longest_task_waiting_since: since,
  longest_task_waiting_sid: z.string().nullable(),
})
export type LiveWorkspace = z.infer<typeof LiveWorkspaceSchema>

/** The rollup's agents, counted once over the workers in at least one queue (its tasks are the queues' sums). */
export const LiveAgentsSchema = KpiNowSchema.pick({ agents_available: true, agents_unavailable: true, agents_offline: true, occupancy: true })
export type LiveAgents = z.infer<typeof LiveAgentsSchema>

/** Per channel, the rollup over every queue: KPIs now with ages as of the frame's `generated_at_ms`. */
export const LiveChannelSchema = z.object({ task_channel_sid: z.string(), task_channel_unique_name: z.string(), now: KpiNowSchema })
export type LiveChannel = z.infer<typeof LiveChannelSchema>

/**
 * A whole frame. `seq` numbers the feed's pushes for this workspace: the next delta to apply is
 * `seq + 1` (0 when no live feed runs, e.g. in tests: then no deltas follow).
 */
export const LiveStatsSchema = z.object({
  workspace_sid: z.string(),
  seq: count,
  generated_at_ms: count,
  activities: z.array(z.object({ sid: z.string(), friendly_name: z.string() })),
  workspace: LiveWorkspaceSchema,
  rollup_agents: LiveAgentsSchema,
  /** In the engine's order (creation order). */
  queues: z.array(LiveQueueSchema),
  channels: z.array(LiveChannelSchema),
})
export type LiveStats = z.infer<typeof LiveStatsSchema>

/** A queue in a delta: its SID and only the fields that changed (every field for a new queue). */
export const LiveQueueChangeSchema = LiveQueueSchema.partial().extend({ task_queue_sid: z.string() })
export type LiveQueueChange = z.infer<typeof LiveQueueChangeSchema>

/**
 * `app.statsDelta`: what changed in a workspace's frame since push `seq - 1`, or a whole frame
 * (`kind: 'full'`, when the activities changed). Applying delta `seq` needs the frame at
 * `seq - 1`; a client that sees a gap refetches `stats.live` (a full frame with its `seq`).
 * Absent fields did not change; `channels` comes whole when any channel changed. New queues
 * come last with every field; `removed_queues` lists deleted ones.
 */
export const StatsDeltaSchema = z.discriminatedUnion('kind', [
  LiveStatsSchema.extend({ kind: z.literal('full') }),
  z.object({
    kind: z.literal('delta'),
    workspace_sid: z.string(),
    seq: count,
    generated_at_ms: count,
    workspace: LiveWorkspaceSchema.partial().optional(),
    rollup_agents: LiveAgentsSchema.partial().optional(),
    queues: z.array(LiveQueueChangeSchema),
    removed_queues: z.array(z.string()),
    channels: z.array(LiveChannelSchema).optional(),
  }),
])
export type StatsDelta = z.infer<typeof StatsDeltaSchema>

export const liveStatsMethods = {
  /** The live frame of a workspace, with the feed's `seq` (what `app.statsDelta` continues from). */
  'stats.live': { input: z.strictObject({ workspace_sid: workspaceSid }), output: LiveStatsSchema },
} as const
