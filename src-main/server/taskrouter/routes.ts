import type { MethodName } from '../../contract/methods'
import { EVENTS_LIST_MAX } from '../../contract/events'
import type { OrderingFields } from './ordering'
import { ParamError, type ParamType } from './params'
import { statisticsRoutes } from './statisticsRoutes'
import {
  presentEvent,
  presentReservation,
  presentTask,
  presentActivity,
  presentTaskChannel,
  presentTaskQueue,
  presentWorker,
  presentWorkerChannel,
  presentWorkflow,
  presentWorkspace,
  type PresentContext,
} from './present'

/**
 * The TaskRouter v1 routes this build answers: path pattern + HTTP method -> contract method.
 * Path parameters keep TaskRouter's names (`WorkspaceSid`, `Sid`, `WorkerSid`).
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'DELETE'
  pattern: string
  contract: MethodName
  /** Accepted PascalCase parameters (query for GET/DELETE, form body for POST). */
  params: Readonly<Record<string, ParamType>>
  /** Path parameters -> contract input fields. */
  path: (segments: Record<string, string>) => Record<string, unknown>
  present: (ctx: PresentContext, resource: never) => Record<string, unknown>
  /** For lists: the `meta.key` (REFERENCE §2.3). */
  listKey?: string
  status: 200 | 201 | 204
  /** Sends the resource version as ETag and takes If-Match (decision 3). */
  versioned?: boolean
  /** Fixed contract input added to every call (e.g. the Events log's scan limit). */
  defaults?: Record<string, unknown>
  /** Renames translated parameters that map onto other contract fields (throws ParamError). */
  adapt?: (input: Record<string, unknown>) => Record<string, unknown>
  /** The POST body is JSON (bulk statistics), translated to contract input by this function. */
  jsonBody?: (body: unknown) => Record<string, unknown>
  /** Lists the engine returns in creation order: `Ordering` attributes -> resource fields (see ordering.ts). */
  ordering?: OrderingFields
}

const ws = (p: Record<string, string>): Record<string, unknown> => ({ workspace_sid: p.WorkspaceSid })
const wsAndSid = (p: Record<string, string>): Record<string, unknown> => ({ workspace_sid: p.WorkspaceSid, sid: p.Sid })
const none = (): Record<string, unknown> => ({})

const workspaceParams = {
  FriendlyName: 'string', EventCallbackUrl: 'string', EventsFilter: 'string', MultiTaskEnabled: 'boolean', PrioritizeQueueOrder: 'string',
} as const
const queueParams = {
  FriendlyName: 'string', TargetWorkers: 'string', MaxReservedWorkers: 'integer', TaskOrder: 'string',
  ReservationActivitySid: 'string', AssignmentActivitySid: 'string',
  // Routedesk extensions (not TaskRouter): per-queue SLA settings for the KPIs (KPIS.md §1.3).
  SlaThresholdSeconds: 'integer', ShortAbandonSeconds: 'integer', SlaResetTime: 'string', SlaTimeZone: 'string',
} as const
const workflowParams = {
  FriendlyName: 'string', Configuration: 'string', AssignmentCallbackUrl: 'string', FallbackAssignmentCallbackUrl: 'string', TaskReservationTimeout: 'integer',
} as const

/** CRUD routes for one workspace-scoped collection. */
function collection(
  name: string,
  resource: 'activities' | 'channels' | 'queues' | 'workflows' | 'workers' | 'tasks',
  present: RestRoute['present'],
  listKey: string,
  params: { list: Record<string, ParamType>; create: Record<string, ParamType>; update: Record<string, ParamType>; ordering?: OrderingFields },
  versioned = false,
): RestRoute[] {
  const base = `/v1/Workspaces/:WorkspaceSid/${name}`
  return [
    { method: 'GET', pattern: base, contract: `${resource}.list`, params: params.list, path: ws, present, listKey, status: 200, ...(params.ordering ? { ordering: params.ordering } : {}) },
    { method: 'POST', pattern: base, contract: `${resource}.create`, params: params.create, path: ws, present, status: 201, versioned },
    { method: 'GET', pattern: `${base}/:Sid`, contract: `${resource}.get`, params: {}, path: wsAndSid, present, status: 200, versioned },
    { method: 'POST', pattern: `${base}/:Sid`, contract: `${resource}.update`, params: params.update, path: wsAndSid, present, status: 200, versioned },
    { method: 'DELETE', pattern: `${base}/:Sid`, contract: `${resource}.delete`, params: {}, path: wsAndSid, present, status: 204, versioned },
  ] as RestRoute[]
}

/** Telephony instruction parameters (REFERENCE §7.2): accepted; their routing effect is accept. */
const instructionParams = Object.fromEntries(
  ['DequeueTo', 'DequeueFrom', 'DequeuePostWorkActivitySid', 'DequeueRecord', 'DequeueTimeout', 'DequeueStatusCallbackUrl', 'DequeueStatusCallbackEvent',
    'CallTo', 'CallFrom', 'CallUrl', 'CallAccept', 'CallRecord', 'CallTimeout', 'CallStatusCallbackUrl', 'RedirectCallSid', 'RedirectUrl', 'RedirectAccept',
    'To', 'From', 'Timeout', 'StatusCallback', 'StatusCallbackMethod', 'StatusCallbackEvent', 'Record', 'Muted', 'Beep', 'StartConferenceOnEnter',
    'EndConferenceOnExit', 'EndConferenceOnCustomerExit', 'BeepOnCustomerEntrance', 'WaitUrl', 'WaitMethod', 'EarlyMedia', 'MaxParticipants',
    'ConferenceStatusCallback', 'ConferenceStatusCallbackMethod', 'ConferenceStatusCallbackEvent', 'ConferenceRecord', 'ConferenceTrim',
    'RecordingChannels', 'RecordingStatusCallback', 'RecordingStatusCallbackMethod', 'ConferenceRecordingStatusCallback',
    'ConferenceRecordingStatusCallbackMethod', 'Region', 'SipAuthUsername', 'SipAuthPassword', 'JitterBufferSize', 'PostWorkActivitySid',
  ].map((name) => [name, 'ignored' as const]),
)
/** Supervise (REFERENCE §7.2) exists on the Task path only; the engine records it (see updateReservation). */
const superviseParams = { SupervisorMode: 'string', Supervisor: 'string' } as const

function reservationRoutes(under: 'task' | 'worker'): RestRoute[] {
  const parent = under === 'task' ? 'Tasks/:TaskSid' : 'Workers/:WorkerSid'
  const scope = (p: Record<string, string>): Record<string, unknown> =>
    under === 'task' ? { workspace_sid: p.WorkspaceSid, task_sid: p.TaskSid } : { workspace_sid: p.WorkspaceSid, worker_sid: p.WorkerSid }
  const present = ((ctx: PresentContext, reservation: never) => presentReservation(ctx, reservation, under)) as RestRoute['present']
  const base = `/v1/Workspaces/:WorkspaceSid/${parent}/Reservations`
  return [
    { method: 'GET', pattern: base, contract: 'reservations.list', params: under === 'task' ? { ReservationStatus: 'string', WorkerSid: 'string' } : { ReservationStatus: 'string' }, path: scope, present, listKey: 'reservations', status: 200 },
    { method: 'GET', pattern: `${base}/:Sid`, contract: 'reservations.get', params: {}, path: (p) => ({ ...scope(p), sid: p.Sid }), present, status: 200, versioned: true },
    {
      method: 'POST', pattern: `${base}/:Sid`, contract: 'reservations.update',
      params: { ReservationStatus: 'string', WorkerActivitySid: 'string', Instruction: 'string', ...instructionParams, ...(under === 'task' ? superviseParams : {}) },
      path: (p) => ({ ...scope(p), sid: p.Sid }), present, status: 200, versioned: true,
    },
  ]
}

/**
 * CreateTask `RoutingTarget` (REFERENCE §2.2): a worker SID routes the task straight to that
 * worker (with `IgnoreCapacity`, default true), a queue SID places it in that queue (decision
 * 11), a workflow SID routes it through that workflow; the engine resolves which.
 * `IgnoreCapacity` without a RoutingTarget means nothing and is dropped.
 */
function adaptRoutingTarget(input: Record<string, unknown>): Record<string, unknown> {
  const { routing_target: target, ignore_capacity: ignoreCapacity, ...rest } = input
  if (typeof target !== 'string') return rest
  if (!/^(WK|WQ|WW)[0-9a-fA-F]{32}$/.test(target)) {
    throw new ParamError(`RoutingTarget must be a Worker (WK...), TaskQueue (WQ...) or Workflow (WW...) SID, not '${target}'`, 'RoutingTarget')
  }
  return ignoreCapacity === undefined ? { ...rest, routing_target: target } : { ...rest, routing_target: target, ignore_capacity: ignoreCapacity }
}

const taskRoutes = (routes: RestRoute[]): RestRoute[] =>
  routes.map((route) => (route.method === 'POST' && route.status === 201 ? { ...route, adapt: adaptRoutingTarget } : route))

export const restRoutes: RestRoute[] = [
  // First: their literal segments (`Workers/Statistics`) must win over `Workers/:Sid`.
  ...statisticsRoutes,
  { method: 'GET', pattern: '/v1/Workspaces', contract: 'workspaces.list', params: { FriendlyName: 'string' }, path: none, present: presentWorkspace, listKey: 'workspaces', status: 200 },
  { method: 'POST', pattern: '/v1/Workspaces', contract: 'workspaces.create', params: { ...workspaceParams, Template: 'string' }, path: none, present: presentWorkspace, status: 201 },
  { method: 'GET', pattern: '/v1/Workspaces/:Sid', contract: 'workspaces.get', params: {}, path: (p) => ({ sid: p.Sid }), present: presentWorkspace, status: 200 },
  { method: 'POST', pattern: '/v1/Workspaces/:Sid', contract: 'workspaces.update', params: { ...workspaceParams, DefaultActivitySid: 'string', TimeoutActivitySid: 'string' }, path: (p) => ({ sid: p.Sid }), present: presentWorkspace, status: 200 },
  { method: 'DELETE', pattern: '/v1/Workspaces/:Sid', contract: 'workspaces.delete', params: {}, path: (p) => ({ sid: p.Sid }), present: presentWorkspace, status: 204 },
  ...collection('Activities', 'activities', presentActivity, 'activities', {
    list: { FriendlyName: 'string', Available: 'boolean' },
    create: { FriendlyName: 'string', Available: 'boolean' },
    update: { FriendlyName: 'string' },
  }),
  ...collection('TaskChannels', 'channels', presentTaskChannel, 'channels', {
    list: {},
    create: { FriendlyName: 'string', UniqueName: 'string', ChannelOptimizedRouting: 'boolean' },
    update: { FriendlyName: 'string', ChannelOptimizedRouting: 'boolean' },
  }),
  ...collection('Workers', 'workers', presentWorker, 'workers', {
    list: { FriendlyName: 'string', ActivitySid: 'string', ActivityName: 'string', Available: 'boolean', TargetWorkersExpression: 'string', TaskQueueSid: 'string', TaskQueueName: 'string', Ordering: 'ignored' },
    create: { FriendlyName: 'string', Attributes: 'string', ActivitySid: 'string' },
    update: { FriendlyName: 'string', Attributes: 'string', ActivitySid: 'string', RejectPendingReservations: 'boolean' },
    ordering: { DateCreated: 'date_created', DateUpdated: 'date_updated', DateStatusChanged: 'date_status_changed', FriendlyName: 'friendly_name', ActivityName: 'activity_name' },
  }, true),
  {
    method: 'GET', pattern: '/v1/Workspaces/:WorkspaceSid/Workers/:WorkerSid/Channels', contract: 'workerChannels.list', params: {},
    path: (p) => ({ workspace_sid: p.WorkspaceSid, worker_sid: p.WorkerSid }), present: presentWorkerChannel, listKey: 'channels', status: 200,
  },
  {
    method: 'GET', pattern: '/v1/Workspaces/:WorkspaceSid/Workers/:WorkerSid/Channels/:Sid', contract: 'workerChannels.get', params: {},
    path: (p) => ({ workspace_sid: p.WorkspaceSid, worker_sid: p.WorkerSid, sid: p.Sid }), present: presentWorkerChannel, status: 200,
  },
  {
    method: 'POST', pattern: '/v1/Workspaces/:WorkspaceSid/Workers/:WorkerSid/Channels/:Sid', contract: 'workerChannels.update', params: { Capacity: 'integer', Available: 'boolean' },
    path: (p) => ({ workspace_sid: p.WorkspaceSid, worker_sid: p.WorkerSid, sid: p.Sid }), present: presentWorkerChannel, status: 200,
  },
  ...collection('TaskQueues', 'queues', presentTaskQueue, 'task_queues', {
    list: { FriendlyName: 'string', EvaluateWorkerAttributes: 'string', WorkerSid: 'string', Ordering: 'ignored' },
    create: queueParams,
    update: queueParams,
    ordering: { DateCreated: 'date_created', DateUpdated: 'date_updated', FriendlyName: 'friendly_name' },
  }),
  ...taskRoutes(collection('Tasks', 'tasks', presentTask, 'tasks', {
    list: { Priority: 'integer', AssignmentStatus: 'array', TaskQueueSid: 'string', TaskQueueName: 'string', WorkflowSid: 'string', WorkflowName: 'string', EvaluateTaskAttributes: 'string', Ordering: 'string', HasAddons: 'boolean', RoutingTarget: 'string' },
    create: { Attributes: 'string', Priority: 'integer', Timeout: 'integer', TaskChannel: 'string', WorkflowSid: 'string', TaskQueueSid: 'string', VirtualStartTime: 'string', RoutingTarget: 'string', IgnoreCapacity: 'boolean' },
    update: { Attributes: 'string', AssignmentStatus: 'string', Reason: 'string', Priority: 'integer', TaskChannel: 'string', VirtualStartTime: 'string' },
  }, true)),
  {
    method: 'GET', pattern: '/v1/Workspaces/:WorkspaceSid/Events', contract: 'events.list',
    params: { EndDate: 'string', EventType: 'string', Minutes: 'integer', ReservationSid: 'string', StartDate: 'string', TaskQueueSid: 'string', TaskSid: 'string', WorkerSid: 'string', WorkflowSid: 'string', TaskChannel: 'string', Sid: 'string' },
    path: ws, present: presentEvent, listKey: 'events', status: 200, defaults: { limit: EVENTS_LIST_MAX },
  },
  { method: 'GET', pattern: '/v1/Workspaces/:WorkspaceSid/Events/:Sid', contract: 'events.get', params: {}, path: wsAndSid, present: presentEvent, status: 200 },
  ...reservationRoutes('task'),
  ...reservationRoutes('worker'),
  ...collection('Workflows', 'workflows', presentWorkflow, 'workflows', {
    list: { FriendlyName: 'string' },
    create: workflowParams,
    update: { ...workflowParams, ReEvaluateTasks: 'boolean' },
  }),
]
