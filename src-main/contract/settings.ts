import { z } from 'zod'
import {
  activitySid,
  attributesJson,
  callbackUrl,
  channelCapacity,
  channelUniqueName,
  eventsFilter,
  expressionText,
  friendlyName,
  maxReservedWorkers,
  queueOrder,
  taskQueueSid,
  taskReservationTimeout,
  workerSid,
  workflowConfigurationText,
  workflowSid,
  workspaceSid,
} from './inputs'
import { slaSettings } from './statistics'
import { SidPrefix, sidSchema } from './sids'

/**
 * Settings of this Routedesk installation (not of a workspace), kept in `settings.json` in the
 * data folder: the local REST server and the retention window of the Events log and webhook
 * deliveries. Plus the export/import of a whole workspace as one JSON file.
 */

export const RETENTION_DAYS_MAX = 3650
export const DEFAULT_RETENTION_DAYS = 30
export const DEFAULT_REST_PORT = 4780

/** A host name or IP address to listen on (no scheme, no port). */
export const listenHost = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(253, { message: 'must be at most 253 characters' })
  .regex(/^(\[?[0-9a-fA-F:]+\]?|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/, { message: 'must be a host name or an IP address, like 127.0.0.1 or 0.0.0.0' })

export const listenPort = z
  .number()
  .int({ message: 'must be a whole number' })
  .min(1, { message: 'must be between 1 and 65535' })
  .max(65_535, { message: 'must be between 1 and 65535' })

export const retentionDays = z
  .number()
  .int({ message: 'must be a whole number of days' })
  .min(1, { message: `must be between 1 and ${RETENTION_DAYS_MAX} days` })
  .max(RETENTION_DAYS_MAX, { message: `must be between 1 and ${RETENTION_DAYS_MAX} days` })

export const RestServerSettingsSchema = z.object({ enabled: z.boolean(), host: listenHost, port: listenPort })
export type RestServerSettings = z.infer<typeof RestServerSettingsSchema>

export const AppSettingsSchema = z.object({
  rest_server: RestServerSettingsSchema,
  /** Events and finished webhook deliveries older than this many days are deleted. */
  retention_days: retentionDays,
})
export type AppSettings = z.infer<typeof AppSettingsSchema>

export const defaultAppSettings: AppSettings = {
  rest_server: { enabled: true, host: '127.0.0.1', port: DEFAULT_REST_PORT },
  retention_days: DEFAULT_RETENTION_DAYS,
}

export const AppSettingsViewSchema = z.object({
  /** What settings.json says: applied at the next start for the REST server. */
  saved: AppSettingsSchema,
  /** The REST server as it runs now (origin null: not listening). */
  running: z.object({ enabled: z.boolean(), host: z.string(), port: z.number().int(), origin: z.string().nullable() }),
  /** Why the running server differs from the saved settings (empty: nothing to restart). */
  restart_reasons: z.array(z.string()),
  /** Command-line flags or environment variables that win over settings.json at start-up. */
  overrides: z.array(z.string()),
  settings_file: z.string(),
  data_dir: z.string(),
})
export type AppSettingsView = z.infer<typeof AppSettingsViewSchema>

// ---- Workspace export / import --------------------------------------------------------

export const WORKSPACE_FILE_FORMAT = 'routedesk-workspace'
export const WORKSPACE_FILE_VERSION = 1
/** One upload part (characters); the web transport caps request bodies at 2 MiB. */
export const IMPORT_PART_MAX = 1_000_000
/** A whole import file (characters). */
export const IMPORT_FILE_MAX = 200_000_000
/** Workers created per `workspaceImports.continue` call (one durable commit each). */
export const IMPORT_WORKERS_PER_STEP = 1000

const nullableActivity = activitySid.nullable()

/**
 * The exported file: configuration and workers of one workspace, SIDs as they were (import
 * gives everything fresh SIDs and remaps the references). Tasks, reservations, events and
 * statistics are live history, not configuration, and are not part of it.
 */
export const WorkspaceFileSchema = z.strictObject({
  format: z.literal(WORKSPACE_FILE_FORMAT, { message: `must be "${WORKSPACE_FILE_FORMAT}" (is this a Routedesk workspace export?)` }),
  version: z.literal(WORKSPACE_FILE_VERSION, { message: `must be ${WORKSPACE_FILE_VERSION}: this Routedesk reads version ${WORKSPACE_FILE_VERSION} files` }),
  exported_at: z.string().max(64),
  routedesk_version: z.string().max(64),
  workspace: z.strictObject({
    sid: workspaceSid,
    friendly_name: friendlyName,
    default_activity_sid: nullableActivity,
    timeout_activity_sid: nullableActivity,
    multi_task_enabled: z.boolean(),
    prioritize_queue_order: queueOrder,
    event_callback_url: callbackUrl,
    events_filter: eventsFilter.nullable(),
  }),
  activities: z.array(z.strictObject({ sid: activitySid, friendly_name: friendlyName, available: z.boolean() })).max(1000),
  channels: z.array(z.strictObject({
    sid: sidSchema(SidPrefix.TaskChannel),
    friendly_name: friendlyName,
    unique_name: channelUniqueName,
    channel_optimized_routing: z.boolean(),
  })).max(1000),
  queues: z.array(z.strictObject({
    sid: taskQueueSid,
    friendly_name: friendlyName,
    target_workers: expressionText,
    task_order: queueOrder,
    max_reserved_workers: maxReservedWorkers,
    reservation_activity_sid: nullableActivity,
    assignment_activity_sid: nullableActivity,
    ...slaSettings,
  })).max(10_000),
  workflows: z.array(z.strictObject({
    sid: workflowSid,
    friendly_name: friendlyName,
    configuration: workflowConfigurationText,
    assignment_callback_url: callbackUrl.nullable(),
    fallback_assignment_callback_url: callbackUrl.nullable(),
    task_reservation_timeout: taskReservationTimeout,
  })).max(1000),
  workers: z.array(z.strictObject({
    sid: workerSid,
    friendly_name: friendlyName,
    attributes: attributesJson,
    activity_sid: activitySid,
    channels: z.array(z.strictObject({ task_channel_sid: sidSchema(SidPrefix.TaskChannel), capacity: channelCapacity, available: z.boolean() })).max(1000),
  })).max(100_000),
  /**
   * Routedesk-only documents: workflow versions, drafts and samples, wallboard layouts (not
   * share links, which are credentials, nor simulation runs, which are results). Files written
   * before documents were exported have none.
   */
  documents: z.array(z.strictObject({
    sid: sidSchema(SidPrefix.Document),
    kind: z.string().min(1).max(64),
    name: z.string().max(256),
    /** The SID of what it belongs to (a workflow for versions), or ''. */
    parent_sid: z.string().max(34),
    body: z.json(),
    date_created: z.iso.datetime(),
    date_updated: z.iso.datetime(),
    revision: z.number().int().min(1),
  })).max(100_000).default([]),
})
export type WorkspaceFile = z.infer<typeof WorkspaceFileSchema>

export const ImportProgressSchema = z.object({
  import_id: z.string(),
  workspace_sid: z.string(),
  friendly_name: z.string(),
  workers_total: z.number().int(),
  workers_done: z.number().int(),
  done: z.boolean(),
})
export type ImportProgress = z.infer<typeof ImportProgressSchema>

const importId = z.string().regex(/^IM[0-9a-f]{32}$/, { message: 'must be an import id returned by workspaceImports.upload' })

export const settingsMethods = {
  'settings.get': { input: z.strictObject({}), output: AppSettingsViewSchema },
  'settings.update': {
    input: z.strictObject({
      rest_server: z.strictObject({ enabled: z.boolean().optional(), host: listenHost.optional(), port: listenPort.optional() }).optional(),
      retention_days: retentionDays.optional(),
    }),
    output: AppSettingsViewSchema,
  },
  /** The whole workspace as one file (WorkspaceFileSchema). */
  'workspaces.export': { input: z.strictObject({ workspace_sid: workspaceSid }), output: WorkspaceFileSchema },
  /**
   * Import, step 1 (repeated): send the file's text in parts of at most IMPORT_PART_MAX
   * characters; the first call (no import_id) opens an import and returns its id.
   */
  'workspaceImports.upload': {
    input: z.strictObject({ import_id: importId.optional(), text: z.string().max(IMPORT_PART_MAX, { message: `must be at most ${IMPORT_PART_MAX} characters per part` }) }),
    output: z.object({ import_id: z.string(), received_chars: z.number().int() }),
  },
  /**
   * Import, step 2: parse and validate the whole file (an error names where: `workers.12.attributes`),
   * then create the workspace with fresh SIDs and its configuration; workers follow in step 3.
   */
  'workspaceImports.start': {
    input: z.strictObject({ import_id: importId, friendly_name: friendlyName.optional() }),
    output: ImportProgressSchema,
  },
  /** Import, step 3 (repeated until `done`): creates the next IMPORT_WORKERS_PER_STEP workers. */
  'workspaceImports.continue': { input: z.strictObject({ import_id: importId }), output: ImportProgressSchema },
} as const
