import type { Activity, DomainEvent, Reservation, Task, TaskChannel, TaskQueue, Worker, WorkerChannel, Workflow, Workspace } from '../../contract/resources'

/** What every REST representation needs beyond the contract resource. */
export interface PresentContext {
  baseUrl: string
  accountSid: string
}

const v1 = (ctx: PresentContext, path: string): string => `${ctx.baseUrl}/v1${path}`

export function presentWorkspace(ctx: PresentContext, workspace: Workspace): Record<string, unknown> {
  const base = `/Workspaces/${workspace.sid}`
  return {
    account_sid: ctx.accountSid,
    ...workspace,
    url: v1(ctx, base),
    links: {
      activities: v1(ctx, `${base}/Activities`),
      statistics: v1(ctx, `${base}/Statistics`),
      real_time_statistics: v1(ctx, `${base}/RealTimeStatistics`),
      cumulative_statistics: v1(ctx, `${base}/CumulativeStatistics`),
      task_queues: v1(ctx, `${base}/TaskQueues`),
      tasks: v1(ctx, `${base}/Tasks`),
      workers: v1(ctx, `${base}/Workers`),
      workflows: v1(ctx, `${base}/Workflows`),
      task_channels: v1(ctx, `${base}/TaskChannels`),
      events: v1(ctx, `${base}/Events`),
    },
  }
}

export function presentActivity(ctx: PresentContext, activity: Activity): Record<string, unknown> {
  return {
    account_sid: ctx.accountSid,
    ...activity,
    url: v1(ctx, `/Workspaces/${activity.workspace_sid}/Activities/${activity.sid}`),
    links: { workspace: v1(ctx, `/Workspaces/${activity.workspace_sid}`) },
  }
}

export function presentTaskChannel(ctx: PresentContext, channel: TaskChannel): Record<string, unknown> {
  return {
    account_sid: ctx.accountSid,
    ...channel,
    url: v1(ctx, `/Workspaces/${channel.workspace_sid}/TaskChannels/${channel.sid}`),
    links: { workspace: v1(ctx, `/Workspaces/${channel.workspace_sid}`) },
  }
}

export function presentWorker(ctx: PresentContext, worker: Worker): Record<string, unknown> {
  const workspace = `/Workspaces/${worker.workspace_sid}`
  const base = `${workspace}/Workers/${worker.sid}`
  const { version: _version, ...fields } = worker
  return {
    account_sid: ctx.accountSid,
    ...fields,
    url: v1(ctx, base),
    links: {
      channels: v1(ctx, `${base}/Channels`),
      activity: v1(ctx, `${workspace}/Activities/${worker.activity_sid}`),
      workspace: v1(ctx, workspace),
      statistics: v1(ctx, `${workspace}/Workers/Statistics`),
      real_time_statistics: v1(ctx, `${workspace}/Workers/RealTimeStatistics`),
      cumulative_statistics: v1(ctx, `${workspace}/Workers/CumulativeStatistics`),
      worker_statistics: v1(ctx, `${base}/Statistics`),
      worker_channels: v1(ctx, `${base}/Channels`),
      reservations: v1(ctx, `${base}/Reservations`),
    },
  }
}

export function presentWorkerChannel(ctx: PresentContext, channel: WorkerChannel): Record<string, unknown> {
  return {
    account_sid: ctx.accountSid,
    ...channel,
    url: v1(ctx, `/Workspaces/${channel.workspace_sid}/Workers/${channel.worker_sid}/Channels/${channel.task_channel_unique_name}`),
  }
}

export function presentTaskQueue(ctx: PresentContext, queue: TaskQueue): Record<string, unknown> {
  const workspace = `/Workspaces/${queue.workspace_sid}`
  const base = `${workspace}/TaskQueues/${queue.sid}`
  return {
    account_sid: ctx.accountSid,
    ...queue,
    url: v1(ctx, base),
    links: {
      assignment_activity: queue.assignment_activity_sid ? v1(ctx, `${workspace}/Activities/${queue.assignment_activity_sid}`) : null,
      reservation_activity: queue.reservation_activity_sid ? v1(ctx, `${workspace}/Activities/${queue.reservation_activity_sid}`) : null,
      workspace: v1(ctx, workspace),
      statistics: v1(ctx, `${base}/Statistics`),
      real_time_statistics: v1(ctx, `${base}/RealTimeStatistics`),
      cumulative_statistics: v1(ctx, `${base}/CumulativeStatistics`),
      list_statistics: v1(ctx, `${workspace}/TaskQueues/Statistics`),
      bulk_real_time_statistics: v1(ctx, `${workspace}/TaskQueues/RealTimeStatistics`),
    },
  }
}

export function presentWorkflow(ctx: PresentContext, workflow: Workflow): Record<string, unknown> {
  const base = `/Workspaces/${workflow.workspace_sid}/Workflows/${workflow.sid}`
  return {
    account_sid: ctx.accountSid,
    ...workflow,
    url: v1(ctx, base),
    links: {
      statistics: v1(ctx, `${base}/Statistics`),
      real_time_statistics: v1(ctx, `${base}/RealTimeStatistics`),
      cumulative_statistics: v1(ctx, `${base}/CumulativeStatistics`),
    },
  }
}

export function presentTask(ctx: PresentContext, task: Task): Record<string, unknown> {
  const workspace = `/Workspaces/${task.workspace_sid}`
  const base = `${workspace}/Tasks/${task.sid}`
  const { version: _version, ...fields } = task
  return {
    account_sid: ctx.accountSid,
    ...fields,
    routing_target: task.routing_target ?? null,
    ignore_capacity: task.ignore_capacity ?? null,
    url: v1(ctx, base),
    links: {
      task_queue: task.task_queue_sid ? v1(ctx, `${workspace}/TaskQueues/${task.task_queue_sid}`) : null,
      workflow: task.workflow_sid ? v1(ctx, `${workspace}/Workflows/${task.workflow_sid}`) : null,
      workspace: v1(ctx, workspace),
      reservations: v1(ctx, `${base}/Reservations`),
    },
  }
}

/** The same reservation is reachable under its task and under its worker (REFERENCE §1.1). */
export function presentReservation(ctx: PresentContext, reservation: Reservation, under: 'task' | 'worker' = 'task'): Record<string, unknown> {
  const workspace = `/Workspaces/${reservation.workspace_sid}`
  const parent = under === 'task' ? `${workspace}/Tasks/${reservation.task_sid}` : `${workspace}/Workers/${reservation.worker_sid}`
  const { version: _version, ...fields } = reservation
  return {
    account_sid: ctx.accountSid,
    ...fields,
    url: v1(ctx, `${parent}/Reservations/${reservation.sid}`),
    links: {
      task: v1(ctx, `${workspace}/Tasks/${reservation.task_sid}`),
      worker: v1(ctx, `${workspace}/Workers/${reservation.worker_sid}`),
      workspace: v1(ctx, workspace),
    },
  }
}

/** An Events log entry as TaskRouter's Event resource (REFERENCE §1.3). */
export function presentEvent(ctx: PresentContext, event: DomainEvent): Record<string, unknown> {
  const workspace = `/Workspaces/${event.workspace_sid}`
  return {
    account_sid: ctx.accountSid,
    actor_sid: event.actor_sid,
    actor_type: event.actor_type,
    actor_url: v1(ctx, workspace),
    description: event.description,
    event_data: event.event_data,
    event_date: event.event_date,
    event_date_ms: event.event_date_ms,
    event_type: event.event_type,
    resource_sid: event.resource_sid,
    resource_type: event.resource_type,
    resource_url: v1(ctx, event.resource_url_path),
    sid: event.sid,
    source: event.source,
    source_ip_address: null,
    url: v1(ctx, `${workspace}/Events/${event.sid}`),
    workspace_sid: event.workspace_sid,
    links: { workspace: v1(ctx, workspace) },
  }
}
