import type { ParamType } from './params'
import type { PresentContext } from './present'
import type { RestRoute } from './routes'

/**
 * Statistics routes of REFERENCE §8.1. They come before the resource routes in the table so
 * `/Workers/Statistics` and `/TaskQueues/Statistics` are never read as a worker or queue SID.
 */

const v1 = (ctx: PresentContext, path: string): string => `${ctx.baseUrl}/v1${path}`
const windowParams = { Minutes: 'integer', StartDate: 'string', EndDate: 'string', TaskChannel: 'string' } as const satisfies Record<string, ParamType>
const cumulativeParams = { ...windowParams, SplitByWaitTime: 'string' } as const satisfies Record<string, ParamType>
const realtimeParams = { TaskChannel: 'string' } as const satisfies Record<string, ParamType>

/** account_sid first and url last, as TaskRouter writes them. */
function presentAt(path: (resource: Record<string, string>) => string): RestRoute['present'] {
  return ((ctx: PresentContext, resource: Record<string, string>) => ({ account_sid: ctx.accountSid, ...resource, url: v1(ctx, path(resource)) })) as RestRoute['present']
}

const ws = (p: Record<string, string>): Record<string, unknown> => ({ workspace_sid: p.WorkspaceSid })
const wsPath = (r: Record<string, string>): string => `/Workspaces/${r.workspace_sid}`
const queuePath = (r: Record<string, string>): string => `${wsPath(r)}/TaskQueues/${r.task_queue_sid}`
const workflowPath = (r: Record<string, string>): string => `${wsPath(r)}/Workflows/${r.workflow_sid}`
const W = '/v1/Workspaces/:WorkspaceSid'

export const statisticsRoutes: RestRoute[] = [
  { method: 'GET', pattern: `${W}/Statistics`, contract: 'stats.workspace', params: cumulativeParams, path: ws, present: presentAt((r) => `${wsPath(r)}/Statistics`), status: 200 },
  { method: 'GET', pattern: `${W}/RealTimeStatistics`, contract: 'statsRealtime.workspace', params: realtimeParams, path: ws, present: presentAt((r) => `${wsPath(r)}/RealTimeStatistics`), status: 200 },
  { method: 'GET', pattern: `${W}/CumulativeStatistics`, contract: 'statsCumulative.workspace', params: cumulativeParams, path: ws, present: presentAt((r) => `${wsPath(r)}/CumulativeStatistics`), status: 200 },

  {
    method: 'GET', pattern: `${W}/TaskQueues/Statistics`, contract: 'stats.queues', params: { ...cumulativeParams, FriendlyName: 'string' }, path: ws,
    present: ((ctx: PresentContext, item: Record<string, unknown>) => ({ account_sid: ctx.accountSid, ...item })) as RestRoute['present'],
    listKey: 'task_queues_statistics', status: 200,
  },
  {
    method: 'POST', pattern: `${W}/TaskQueues/RealTimeStatistics`, contract: 'statsRealtime.queues', params: {}, path: ws,
    present: presentAt((r) => `${wsPath(r)}/TaskQueues/RealTimeStatistics`), status: 200,
    // Decision 1: the field table says QueueSids, the curl example queueSids: both are accepted.
    jsonBody: (body: unknown): Record<string, unknown> => {
      const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {}
      const input: Record<string, unknown> = { queue_sids: fields.QueueSids ?? fields.queueSids }
      const channel = fields.TaskChannel ?? fields.taskChannel
      if (channel !== undefined) input.task_channel = channel
      return input
    },
  },
  {
    method: 'GET', pattern: `${W}/TaskQueues/:Sid/Statistics`, contract: 'stats.queue', params: cumulativeParams,
    path: (p) => ({ workspace_sid: p.WorkspaceSid, task_queue_sid: p.Sid }), present: presentAt((r) => `${queuePath(r)}/Statistics`), status: 200,
  },
  {
    method: 'GET', pattern: `${W}/TaskQueues/:Sid/RealTimeStatistics`, contract: 'statsRealtime.queue', params: realtimeParams,
    path: (p) => ({ workspace_sid: p.WorkspaceSid, task_queue_sid: p.Sid }), present: presentAt((r) => `${queuePath(r)}/RealTimeStatistics`), status: 200,
  },
  {
    method: 'GET', pattern: `${W}/TaskQueues/:Sid/CumulativeStatistics`, contract: 'statsCumulative.queue', params: cumulativeParams,
    path: (p) => ({ workspace_sid: p.WorkspaceSid, task_queue_sid: p.Sid }), present: presentAt((r) => `${queuePath(r)}/CumulativeStatistics`), status: 200,
  },

  {
    method: 'GET', pattern: `${W}/Workers/Statistics`, contract: 'stats.workers', params: { ...windowParams, TaskQueueSid: 'string', TaskQueueName: 'string', FriendlyName: 'string' }, path: ws,
    present: presentAt((r) => `${wsPath(r)}/Workers/Statistics`), status: 200,
  },
  { method: 'GET', pattern: `${W}/Workers/RealTimeStatistics`, contract: 'statsRealtime.workers', params: realtimeParams, path: ws, present: presentAt((r) => `${wsPath(r)}/Workers/RealTimeStatistics`), status: 200 },
  { method: 'GET', pattern: `${W}/Workers/CumulativeStatistics`, contract: 'statsCumulative.workers', params: windowParams, path: ws, present: presentAt((r) => `${wsPath(r)}/Workers/CumulativeStatistics`), status: 200 },
  {
    method: 'GET', pattern: `${W}/Workers/:Sid/Statistics`, contract: 'stats.worker', params: windowParams,
    path: (p) => ({ workspace_sid: p.WorkspaceSid, worker_sid: p.Sid }), present: presentAt((r) => `${wsPath(r)}/Workers/${r.worker_sid}/Statistics`), status: 200,
  },

  {
    method: 'GET', pattern: `${W}/Workflows/:Sid/Statistics`, contract: 'stats.workflow', params: cumulativeParams,
    path: (p) => ({ workspace_sid: p.WorkspaceSid, workflow_sid: p.Sid }), present: presentAt((r) => `${workflowPath(r)}/Statistics`), status: 200,
  },
  {
    method: 'GET', pattern: `${W}/Workflows/:Sid/RealTimeStatistics`, contract: 'statsRealtime.workflow', params: realtimeParams,
    path: (p) => ({ workspace_sid: p.WorkspaceSid, workflow_sid: p.Sid }), present: presentAt((r) => `${workflowPath(r)}/RealTimeStatistics`), status: 200,
  },
  {
    method: 'GET', pattern: `${W}/Workflows/:Sid/CumulativeStatistics`, contract: 'statsCumulative.workflow', params: cumulativeParams,
    path: (p) => ({ workspace_sid: p.WorkspaceSid, workflow_sid: p.Sid }), present: presentAt((r) => `${workflowPath(r)}/CumulativeStatistics`), status: 200,
  },
]
