import { z } from 'zod'
import { friendlyName, workspaceSid } from './inputs'
import { SidPrefix, sidSchema } from './sids'
import { liveStatsMethods } from './liveStats'
import { KpisSchema } from './statistics'

/** The statistics types the wallboard reads, for the renderer (which imports `@contract` types only). */
export type { Kpi, KpiNow, KpiPeriod, Kpis, SeriesPoint, StatsSnapshot } from './statistics'
export * from './liveStats'

/**
 * The live wallboard (issue 9, KPIS.md §4.1): saved layouts (which tiles and panels, in which
 * order, for which queues and channels, with red/amber/green thresholds), the compact agent
 * grid, the LAN sharing switch and read-only share links. Layouts, links and the switch are
 * Routedesk documents (engine/wallboard); nothing here is a TaskRouter resource.
 */

/** The big-number tiles a layout can show, in KPIS.md's words. */
export const WallboardMetricSchema = z.enum([
  'available_workers',
  'waiting_tasks',
  'longest_wait',
  'sla_percent',
  'asa',
  'abandoned',
  'abandoned_percent',
  'active_tasks',
  'occupancy',
])
export type WallboardMetric = z.infer<typeof WallboardMetricSchema>

/** The board's sections besides the tiles; their order in a layout is their order on screen. */
export const WallboardPanelSchema = z.enum([
  'series',
  'activity_donut',
  'tasks_by_status',
  'tasks_by_priority',
  'queue_table',
  'channel_table',
  'agent_grid',
])
export type WallboardPanel = z.infer<typeof WallboardPanelSchema>

const documentSid = sidSchema(SidPrefix.Document)
const thresholdValue = z.number().finite().min(0).max(10_000_000)

/**
 * Amber at `warning`, red at `critical`. Which side is bad follows from the two numbers:
 * critical above warning means "higher is worse" (waiting tasks), below means "lower is worse"
 * (SLA %). `queue_sid` null applies to the whole workspace and to every queue without its own.
 */
export const WallboardThresholdSchema = z
  .strictObject({
    metric: WallboardMetricSchema,
    queue_sid: sidSchema(SidPrefix.TaskQueue).nullable(),
    warning: thresholdValue,
    critical: thresholdValue,
  })
  .refine((threshold) => threshold.warning !== threshold.critical, { message: 'warning and critical must differ (their order says whether higher or lower is worse)', path: ['critical'] })
export type WallboardThreshold = z.infer<typeof WallboardThresholdSchema>

export const WALLBOARD_TILES_MAX = 8
export const WALLBOARD_THRESHOLDS_MAX = 200
export const WALLBOARD_PICKS_MAX = 500

/** What a layout says; every field has a default so `create` needs only a name. */
export const WallboardLayoutFieldsSchema = z.strictObject({
  tiles: z.array(WallboardMetricSchema).min(1).max(WALLBOARD_TILES_MAX).refine(unique, { message: 'must not repeat a tile' }),
  panels: z.array(WallboardPanelSchema).max(WallboardPanelSchema.options.length).refine(unique, { message: 'must not repeat a panel' }),
  /** Queues shown in the queue table and alerted on; empty = every queue. */
  queue_sids: z.array(sidSchema(SidPrefix.TaskQueue)).max(WALLBOARD_PICKS_MAX).refine(unique, { message: 'must not repeat a queue' }),
  /** Channels shown in the channel table; empty = every channel. */
  channel_sids: z.array(sidSchema(SidPrefix.TaskChannel)).max(WALLBOARD_PICKS_MAX).refine(unique, { message: 'must not repeat a channel' }),
  thresholds: z.array(WallboardThresholdSchema).max(WALLBOARD_THRESHOLDS_MAX),
  /** How long TV mode shows this layout before rotating to the next one. */
  rotate_seconds: z.number().int().min(5).max(3600),
})
export type WallboardLayoutFields = z.infer<typeof WallboardLayoutFieldsSchema>

export const WallboardLayoutSchema = WallboardLayoutFieldsSchema.extend({
  sid: z.string(),
  workspace_sid: z.string(),
  name: z.string(),
  revision: z.number().int(),
  date_created: z.string(),
  date_updated: z.string(),
})
export type WallboardLayout = z.infer<typeof WallboardLayoutSchema>

export const WallboardSettingsSchema = z.object({
  workspace_sid: z.string(),
  /** Off by default: while off, every share link of the workspace is refused. */
  sharing_enabled: z.boolean(),
  date_updated: z.string().nullable(),
})
export type WallboardSettings = z.infer<typeof WallboardSettingsSchema>

export const ShareLinkSchema = z.object({
  sid: z.string(),
  workspace_sid: z.string(),
  name: z.string(),
  /** The layout the TV shows; null rotates through every saved layout. */
  layout_sid: z.string().nullable(),
  revoked: z.boolean(),
  date_created: z.string(),
  date_revoked: z.string().nullable(),
})
export type ShareLink = z.infer<typeof ShareLinkSchema>

/** A share token: 64 hexadecimal characters (256 random bits), shown once at creation. */
export const shareToken = z.string().regex(/^[0-9a-f]{64}$/, { message: 'must be a share token (64 hexadecimal characters)' })

/**
 * The agent grid, column-wise so 15,000 workers stay a small answer: worker i is `sids[i]`,
 * `names[i]`, in activity `activities[activity_index[i]]`, with `load[i]` percent of its channel
 * capacity in use (pending + accepted + wrapping reservations over configured capacity).
 */
export const WallboardAgentsSchema = z.object({
  workspace_sid: z.string(),
  generated_at_ms: z.number().int(),
  activities: z.array(z.object({ sid: z.string(), friendly_name: z.string(), available: z.boolean() })),
  sids: z.array(z.string()),
  names: z.array(z.string()),
  activity_index: z.array(z.number().int()),
  load: z.array(z.number().int()),
})
export type WallboardAgents = z.infer<typeof WallboardAgentsSchema>

/**
 * `app.wallboard`: what the wallboard needs beyond `app.statsDelta`, pushed by api/wallboardFeed.
 * - `agents`: workers whose activity or load changed since the previous push, as
 *   `[worker_sid, activity_sid, load]`, and removed workers. An unknown SID means "refetch
 *   `wallboardAgents.get`" (a new worker). Pushed within ~100 ms of a change.
 * - `available_workers`: the workspace's available workers at `generated_at_ms`.
 * - `kpis_30m`: KPIs over the last 30 minutes (SLA %, ASA, abandoned), at most every 15 s;
 *   each queue's `by_channel` is left empty (the channel rollups are there).
 */
export const WallboardPushSchema = z.object({
  workspace_sid: z.string(),
  generated_at_ms: z.number().int(),
  available_workers: z.number().int(),
  agents: z.object({
    changes: z.array(z.tuple([z.string(), z.string(), z.number().int()])),
    removed: z.array(z.string()),
  }),
  kpis_30m: KpisSchema.nullable(),
})
export type WallboardPush = z.infer<typeof WallboardPushSchema>

const inWorkspace = { workspace_sid: workspaceSid }
const deleted = z.object({ deleted: z.literal(true) })
const layoutPatch = WallboardLayoutFieldsSchema.partial().shape

export const wallboardMethods = {
  ...liveStatsMethods,
  'wallboardLayouts.list': { input: z.strictObject(inWorkspace), output: z.array(WallboardLayoutSchema) },
  'wallboardLayouts.get': { input: z.strictObject({ ...inWorkspace, sid: documentSid }), output: WallboardLayoutSchema },
  /** Names are unique per workspace (TV mode and links select layouts by name). */
  'wallboardLayouts.create': { input: z.strictObject({ ...inWorkspace, name: friendlyName, ...layoutPatch }), output: WallboardLayoutSchema },
  'wallboardLayouts.update': { input: z.strictObject({ ...inWorkspace, sid: documentSid, name: friendlyName.optional(), ...layoutPatch }), output: WallboardLayoutSchema },
  'wallboardLayouts.delete': { input: z.strictObject({ ...inWorkspace, sid: documentSid }), output: deleted },
  /** `include_names: false` leaves `names` empty (the live feed diffs activity and load only). */
  'wallboardAgents.get': { input: z.strictObject({ ...inWorkspace, include_names: z.boolean().optional() }), output: WallboardAgentsSchema },
  /** A few workers' tiles (the live feed's incremental read); reservations name their worker. */
  'wallboardAgents.tiles': {
    input: z.strictObject({ ...inWorkspace, worker_sids: z.array(z.string().max(64)).max(100_000), reservation_sids: z.array(z.string().max(64)).max(100_000) }),
    output: z.object({ tiles: z.array(z.tuple([z.string(), z.string(), z.number().int()])), missing_workers: z.array(z.string()), unresolved: z.number().int() }),
  },
  'wallboardSettings.get': { input: z.strictObject(inWorkspace), output: WallboardSettingsSchema },
  'wallboardSettings.update': { input: z.strictObject({ ...inWorkspace, sharing_enabled: z.boolean() }), output: WallboardSettingsSchema },
  'shareLinks.list': { input: z.strictObject(inWorkspace), output: z.array(ShareLinkSchema) },
  /** The token is in this answer only; the store keeps its SHA-256. */
  'shareLinks.create': {
    input: z.strictObject({ ...inWorkspace, name: friendlyName, layout_sid: documentSid.nullable().optional() }),
    output: z.object({ link: ShareLinkSchema, token: z.string(), path: z.string() }),
  },
  'shareLinks.revoke': { input: z.strictObject({ ...inWorkspace, sid: documentSid }), output: ShareLinkSchema },
  'shareLinks.delete': { input: z.strictObject({ ...inWorkspace, sid: documentSid }), output: deleted },
  /** Which workspace a token opens; refused (20003) for an unknown or revoked token, or while sharing is off. */
  'shareLinks.authorize': {
    input: z.strictObject({ token: shareToken }),
    output: z.object({ workspace_sid: z.string(), link_sid: z.string(), layout_sid: z.string().nullable() }),
  },
} as const

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length
}
