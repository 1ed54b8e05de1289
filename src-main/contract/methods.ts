import { z } from 'zod'
import { eventMethods } from './events'
import { expressionMethods } from './expressions'
import { slaSettings, statisticsMethods } from './statistics'
import { webhookMethods } from './webhooks'
import { backupMethods } from './backup'
import { credentialsMethods } from './credentials'
import { workflowBuilderMethods } from './workflowBuilder'
import { settingsMethods } from './settings'
import { wallboardMethods } from './wallboard'
import { simulationMethods } from './simulation'
import {
  activitySid,
  attributesJson,
  callbackUrl,
  channelCapacity,
  channelUniqueName,
  eventsFilter,
  expressionText,
  isoDateTime,
  reasonText,
  reservationSid,
  taskPriority,
  taskSid,
  taskTimeout,
  friendlyName,
  ifMatch,
  maxReservedWorkers,
  queueOrder,
  taskChannelRef,
  taskQueueSid,
  taskReservationTimeout,
  workerSid,
  workflowConfigurationText,
  workflowSid,
  workspaceSid,
} from './inputs'
import {
  ActivitySchema,
  AssignmentStatusSchema,
  ReservationSchema,
  ReservationStatusSchema,
  TaskSchema,
  TaskChannelSchema,
  TaskQueueSchema,
  WorkerChannelSchema,
  WorkerSchema,
  WorkflowSchema,
  WorkspaceSchema,
} from './resources'

/**
 * THE API contract: method name -> input and output schema. IPC, HTTP RPC, REST and tests are
 * thin transports over this table; `dispatch` validates every input against it before any
 * handler runs. Field names are TaskRouter's snake_case.
 */
const inWorkspace = { workspace_sid: workspaceSid }
const deleted = z.object({ deleted: z.literal(true) })

export const methods = {
  'system.info': {
    input: z.strictObject({}),
    output: z.object({
      name: z.literal('Routedesk'),
      version: z.string(),
      mode: z.enum(['desktop', 'headless']),
      data_dir: z.string(),
    }),
  },

  // Workspaces
  'workspaces.list': {
    input: z.strictObject({ friendly_name: z.string().max(64).optional() }),
    output: z.array(WorkspaceSchema),
  },
  'workspaces.get': { input: z.strictObject({ sid: workspaceSid }), output: WorkspaceSchema },
  /** How many of each configuration resource the workspace has: the Overview and the status bar, without listing 15,000 workers. */
  'workspaceCounts.get': {
    input: z.strictObject({ workspace_sid: workspaceSid }),
    output: z.strictObject({
      activities: z.number().int(),
      channels: z.number().int(),
      workers: z.number().int(),
      queues: z.number().int(),
      workflows: z.number().int(),
    }),
  },
  'workspaces.create': {
    input: z.strictObject({
      friendly_name: friendlyName,
      event_callback_url: callbackUrl.optional(),
      events_filter: eventsFilter.optional(),
      multi_task_enabled: z.boolean().optional(),
      template: z.enum(['NONE', 'FIFO']).optional(),
      prioritize_queue_order: queueOrder.optional(),
    }),
    output: WorkspaceSchema,
  },
  'workspaces.update': {
    input: z.strictObject({
      sid: workspaceSid,
      friendly_name: friendlyName.optional(),
      default_activity_sid: activitySid.optional(),
      timeout_activity_sid: activitySid.optional(),
      event_callback_url: callbackUrl.optional(),
      events_filter: eventsFilter.optional(),
      multi_task_enabled: z.boolean().optional(),
      prioritize_queue_order: queueOrder.optional(),
    }),
    output: WorkspaceSchema,
  },
  'workspaces.delete': { input: z.strictObject({ sid: workspaceSid }), output: deleted },

  // Activities
  'activities.list': {
    input: z.strictObject({ ...inWorkspace, friendly_name: z.string().max(64).optional(), available: z.boolean().optional() }),
    output: z.array(ActivitySchema),
  },
  'activities.get': { input: z.strictObject({ ...inWorkspace, sid: activitySid }), output: ActivitySchema },
  'activities.create': {
    input: z.strictObject({ ...inWorkspace, friendly_name: friendlyName, available: z.boolean().optional() }),
    output: ActivitySchema,
  },
  'activities.update': {
    input: z.strictObject({ ...inWorkspace, sid: activitySid, friendly_name: friendlyName.optional() }),
    output: ActivitySchema,
  },
  'activities.delete': { input: z.strictObject({ ...inWorkspace, sid: activitySid }), output: deleted },

  // Task channels
  'channels.list': { input: z.strictObject({ ...inWorkspace }), output: z.array(TaskChannelSchema) },
  'channels.get': { input: z.strictObject({ ...inWorkspace, sid: taskChannelRef }), output: TaskChannelSchema },
  'channels.create': {
    input: z.strictObject({
      ...inWorkspace,
      friendly_name: friendlyName,
      unique_name: channelUniqueName,
      channel_optimized_routing: z.boolean().optional(),
    }),
    output: TaskChannelSchema,
  },
  'channels.update': {
    input: z.strictObject({
      ...inWorkspace,
      sid: taskChannelRef,
      friendly_name: friendlyName.optional(),
      channel_optimized_routing: z.boolean().optional(),
    }),
    output: TaskChannelSchema,
  },
  'channels.delete': { input: z.strictObject({ ...inWorkspace, sid: taskChannelRef }), output: deleted },

  // Workers
  'workers.list': {
    input: z.strictObject({
      ...inWorkspace,
      friendly_name: z.string().max(64).optional(),
      /** A TaskRouter expression over worker attributes and fields (REFERENCE §2.2). */
      target_workers_expression: expressionText.optional(),
      /** Workers eligible for this queue (its target_workers). */
      task_queue_sid: taskQueueSid.optional(),
      task_queue_name: z.string().max(64).optional(),
      activity_sid: activitySid.optional(),
      activity_name: z.string().max(64).optional(),
      available: z.boolean().optional(),
    }),
    output: z.array(WorkerSchema),
  },
  'workers.get': { input: z.strictObject({ ...inWorkspace, sid: workerSid }), output: WorkerSchema },
  'workers.create': {
    input: z.strictObject({
      ...inWorkspace,
      friendly_name: friendlyName,
      attributes: attributesJson.optional(),
      activity_sid: activitySid.optional(),
    }),
    output: WorkerSchema,
  },
  'workers.update': {
    input: z.strictObject({
      ...inWorkspace,
      sid: workerSid,
      friendly_name: friendlyName.optional(),
      attributes: attributesJson.optional(),
      activity_sid: activitySid.optional(),
      reject_pending_reservations: z.boolean().optional(),
      if_match: ifMatch,
    }),
    output: WorkerSchema,
  },
  'workers.delete': { input: z.strictObject({ ...inWorkspace, sid: workerSid, if_match: ifMatch }), output: deleted },

  // Worker channels (one per worker and task channel)
  'workerChannels.list': {
    input: z.strictObject({ ...inWorkspace, worker_sid: workerSid }),
    output: z.array(WorkerChannelSchema),
  },
  'workerChannels.get': {
    input: z.strictObject({ ...inWorkspace, worker_sid: workerSid, sid: z.string().min(1).max(64) }),
    output: WorkerChannelSchema,
  },
  'workerChannels.update': {
    input: z.strictObject({
      ...inWorkspace,
      worker_sid: workerSid,
      sid: z.string().min(1).max(64),
      capacity: channelCapacity.optional(),
      available: z.boolean().optional(),
    }),
    output: WorkerChannelSchema,
  },

  // Task queues
  'queues.list': {
    input: z.strictObject({
      ...inWorkspace,
      friendly_name: z.string().max(64).optional(),
      /** Queues whose target_workers match this attributes document (REFERENCE §2.2). */
      evaluate_worker_attributes: attributesJson.optional(),
      /** Queues this worker belongs to. */
      worker_sid: workerSid.optional(),
    }),
    output: z.array(TaskQueueSchema),
  },
  'queues.get': { input: z.strictObject({ ...inWorkspace, sid: taskQueueSid }), output: TaskQueueSchema },
  'queues.create': {
    input: z.strictObject({
      ...inWorkspace,
      friendly_name: friendlyName,
      target_workers: expressionText.optional(),
      max_reserved_workers: maxReservedWorkers.optional(),
      task_order: queueOrder.optional(),
      reservation_activity_sid: activitySid.optional(),
      assignment_activity_sid: activitySid.optional(),
      ...slaSettings,
    }),
    output: TaskQueueSchema,
  },
  'queues.update': {
    input: z.strictObject({
      ...inWorkspace,
      sid: taskQueueSid,
      friendly_name: friendlyName.optional(),
      target_workers: expressionText.optional(),
      max_reserved_workers: maxReservedWorkers.optional(),
      task_order: queueOrder.optional(),
      reservation_activity_sid: activitySid.nullable().optional(),
      assignment_activity_sid: activitySid.nullable().optional(),
      ...slaSettings,
    }),
    output: TaskQueueSchema,
  },
  'queues.delete': { input: z.strictObject({ ...inWorkspace, sid: taskQueueSid }), output: deleted },

  // Workflows
  'workflows.list': {
    input: z.strictObject({ ...inWorkspace, friendly_name: z.string().max(64).optional() }),
    output: z.array(WorkflowSchema),
  },
  'workflows.get': { input: z.strictObject({ ...inWorkspace, sid: workflowSid }), output: WorkflowSchema },
  'workflows.create': {
    input: z.strictObject({
      ...inWorkspace,
      friendly_name: friendlyName,
      configuration: workflowConfigurationText,
      assignment_callback_url: callbackUrl.optional(),
      fallback_assignment_callback_url: callbackUrl.optional(),
      task_reservation_timeout: taskReservationTimeout.optional(),
    }),
    output: WorkflowSchema,
  },
  'workflows.update': {
    input: z.strictObject({
      ...inWorkspace,
      sid: workflowSid,
      friendly_name: friendlyName.optional(),
      configuration: workflowConfigurationText.optional(),
      assignment_callback_url: callbackUrl.optional(),
      fallback_assignment_callback_url: callbackUrl.optional(),
      task_reservation_timeout: taskReservationTimeout.optional(),
      re_evaluate_tasks: z.boolean().optional(),
    }),
    output: WorkflowSchema,
  },
  'workflows.delete': { input: z.strictObject({ ...inWorkspace, sid: workflowSid }), output: deleted },

  // Tasks
  'tasks.list': {
    input: z.strictObject({
      ...inWorkspace,
      assignment_status: z.array(AssignmentStatusSchema).max(6).optional(),
      task_queue_sid: taskQueueSid.optional(),
      task_queue_name: z.string().max(64).optional(),
      workflow_sid: workflowSid.optional(),
      workflow_name: z.string().max(64).optional(),
      evaluate_task_attributes: expressionText.optional(),
      /** Tasks with exactly this priority (REFERENCE §2.2 ListTask). */
      priority: taskPriority.optional(),
      ordering: z.string().max(64).regex(/^(DateCreated|Priority|VirtualStartTime):(asc|desc)(,(DateCreated|Priority|VirtualStartTime):(asc|desc))?$/, { message: 'must be Attribute:asc|desc[,Attribute:asc|desc] with DateCreated, Priority or VirtualStartTime' }).optional(),
      /** Tasks with (true) or without (false) add-on results; Routedesk runs no add-ons, so every task has none. */
      has_addons: z.boolean().optional(),
      /** Tasks created with this RoutingTarget (REFERENCE §2.2 ListTask). */
      routing_target: z.string().max(34).optional(),
    }),
    output: z.array(TaskSchema),
  },
  'tasks.get': { input: z.strictObject({ ...inWorkspace, sid: taskSid }), output: TaskSchema },
  'tasks.create': {
    input: z.strictObject({
      ...inWorkspace,
      attributes: attributesJson.optional(),
      priority: taskPriority.optional(),
      timeout: taskTimeout.optional(),
      task_channel: taskChannelRef.optional(),
      workflow_sid: workflowSid.optional(),
      task_queue_sid: taskQueueSid.optional(),
      virtual_start_time: isoDateTime.optional(),
      /** REFERENCE §2.2 CreateTask: straight to a worker (WK), into a queue (WQ) or through a workflow (WW). */
      routing_target: z.string().regex(/^(WK|WQ|WW)[0-9a-fA-F]{32}$/, { message: 'must be a Worker (WK...), TaskQueue (WQ...) or Workflow (WW...) SID' }).optional(),
      /** With a worker routing_target: offer the task whatever the worker's activity and load (default true). */
      ignore_capacity: z.boolean().optional(),
    }),
    output: TaskSchema,
  },
  'tasks.update': {
    input: z.strictObject({
      ...inWorkspace,
      sid: taskSid,
      attributes: attributesJson.optional(),
      assignment_status: z.enum(['canceled', 'wrapping', 'completed']).optional(),
      reason: reasonText.optional(),
      priority: taskPriority.optional(),
      task_channel: taskChannelRef.optional(),
      virtual_start_time: isoDateTime.optional(),
      if_match: ifMatch,
    }),
    output: TaskSchema,
  },
  'tasks.delete': { input: z.strictObject({ ...inWorkspace, sid: taskSid, if_match: ifMatch }), output: deleted },

  // Reservations (one resource, reachable under a task or a worker)
  'reservations.list': {
    input: z.strictObject({
      ...inWorkspace,
      task_sid: taskSid.optional(),
      worker_sid: workerSid.optional(),
      reservation_status: ReservationStatusSchema.optional(),
    }),
    output: z.array(ReservationSchema),
  },
  'reservations.get': {
    input: z.strictObject({ ...inWorkspace, sid: reservationSid, task_sid: taskSid.optional(), worker_sid: workerSid.optional() }),
    output: ReservationSchema,
  },
  'reservations.update': {
    input: z.strictObject({
      ...inWorkspace,
      sid: reservationSid,
      task_sid: taskSid.optional(),
      worker_sid: workerSid.optional(),
      reservation_status: z.enum(['accepted', 'rejected', 'wrapping', 'completed']).optional(),
      worker_activity_sid: activitySid.optional(),
      instruction: z.enum(['accept', 'reject', 'conference', 'dequeue', 'call', 'redirect', 'supervise']).optional(),
      /** With instruction `supervise` (REFERENCE §7.2, Task path only): how the supervisor joins the call. Default monitor. */
      supervisor_mode: z.enum(['monitor', 'whisper', 'barge']).optional(),
      /** With instruction `supervise`: the supervisor, a WK SID or a contact URI (client:, sip:, a phone number). */
      supervisor: z.string().min(1).max(256).optional(),
      if_match: ifMatch,
    }),
    output: ReservationSchema,
  },

  ...expressionMethods,
  ...eventMethods,
  ...statisticsMethods,
  ...webhookMethods,
  ...backupMethods,
  ...credentialsMethods,
  ...workflowBuilderMethods,
  ...settingsMethods,
  ...wallboardMethods,
  ...simulationMethods,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

export type MethodTable = typeof methods
export type MethodName = keyof MethodTable
export type MethodInput<M extends MethodName> = z.input<MethodTable[M]['input']>
export type MethodParsedInput<M extends MethodName> = z.output<MethodTable[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<MethodTable[M]['output']>

/** The list the preload's allowlist is built from (it must not import zod). */
export { methodNames } from './names'
