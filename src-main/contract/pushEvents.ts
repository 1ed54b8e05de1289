import { z } from 'zod'
import { DomainEventSchema } from './resources'
import { StatsDeltaSchema } from './liveStats'
import { WallboardPushSchema } from './wallboard'
import { SimulationStatusSchema } from './simulation'
import { WebhookNoticeSchema } from './webhooks'

/**
 * Events pushed from the main process to the renderer (IPC `on`, or the HTTP live channel).
 * - `app.changed`: which resources a committed command touched: the UI's signal to refresh.
 * - `app.event`: one TaskRouter domain event (`worker.created`, `task-queue.deleted`, ...) as
 *   it is written to the Events log; its `event_type` carries TaskRouter's name.
 * - `app.health`: the store's state, so the status bar can say when writes are refused.
 * - `app.statsDelta`: what changed in a workspace's live statistics frame (contract/liveStats),
 *   at most once a second and only when something changed (api/statsFeed). It replaced the
 *   whole-snapshot `app.stats` (1.2 MB a second at 500 queues); the renderer rebuilds the
 *   snapshot from the frame (src-renderer/src/app/liveStats). Ages are as of `generated_at_ms`.
 * - `app.webhook`: a callback delivery changed status, or a notice about one (contract/webhooks).
 * - `app.wallboard`: agent-grid changes and 30-minute KPIs for the wallboard (contract/wallboard).
 * - `app.simulation`: a simulation run's progress and end (contract/simulation).
 */
export const ResourceKind = z.enum([
  'workspace', 'activity', 'task_channel', 'worker', 'worker_channel', 'task_queue', 'workflow', 'task', 'reservation', 'document',
])
export type ResourceKind = z.infer<typeof ResourceKind>

export const pushEvents = {
  'app.changed': z.object({
    workspace_sid: z.string().nullable(),
    changes: z.array(z.object({ kind: ResourceKind, sid: z.string(), op: z.enum(['put', 'delete']) })),
  }),
  'app.event': DomainEventSchema,
  'app.health': z.object({
    store: z.enum(['ok', 'read-only', 'failed']),
    message: z.string().nullable(),
  }),
  'app.statsDelta': StatsDeltaSchema,
  'app.webhook': WebhookNoticeSchema,
  'app.wallboard': WallboardPushSchema,
  'app.simulation': SimulationStatusSchema,
} as const

export type PushEventTable = typeof pushEvents
export type PushPayload<E extends keyof PushEventTable> = z.infer<PushEventTable[E]>
