import type { DomainEvent } from '../../contract/resources'
import type { Delivery } from '../../contract/webhooks'
import { isoSeconds } from '../../engine/clock'
import type { Engine } from '../../engine/engine'
import type { DeliveryRow } from '../../store/port'

/**
 * The webhook outbox's planning half (transport-free): which callbacks an outcome's events
 * cause, with their form parameters. `dispatch` commits the rows together with the events, so
 * a callback is durable exactly when its event is; a deliverer (server/webhooks) sends them.
 *
 * - Event callbacks (REFERENCE §7.3): every event of a workspace with an `event_callback_url`,
 *   unless its `events_filter` (a comma list of event types) leaves it out.
 * - Assignment callbacks (§7.1): every `reservation.created` whose workflow has an
 *   `assignment_callback_url`.
 */
export interface Outbox {
  plan(events: readonly DomainEvent[]): DeliveryRow[]
  /** Called once the rows are durable; the deliverer picks them up from here. */
  committed(rows: readonly DeliveryRow[]): void
}

interface WorkspaceHooks {
  name: string
  url: string
  filter: Set<string> | null
}

export class WebhookOutbox implements Outbox {
  /** The last configuration seen per workspace: `workspace.deleted` still reaches its URL. */
  private readonly lastKnown = new Map<string, WorkspaceHooks>()
  /** Workflow SID -> [assignment URL, fallback URL] (empty URL: none); dropped on workflow.* events. */
  private readonly workflowHooks = new Map<string, [string, string | null]>()
  private listener: (rows: readonly DeliveryRow[]) => void = () => {}

  constructor(private readonly engine: Engine, private readonly accountSid: string) {}

  onCommitted(listener: (rows: readonly DeliveryRow[]) => void): void {
    this.listener = listener
  }

  committed(rows: readonly DeliveryRow[]): void {
    if (rows.length > 0) this.listener(rows)
  }

  plan(events: readonly DomainEvent[]): DeliveryRow[] {
    if (events.length === 0) return []
    const rows: DeliveryRow[] = []
    for (const event of events) {
      // The configuration is read once and kept until the workspace (or workflow) changes: this
      // runs for every command, so it must cost next to nothing when no callback is configured.
      if (event.event_type.startsWith('workspace.')) this.lastKnown.delete(event.workspace_sid)
      else if (event.event_type.startsWith('workflow.') && event.resource_type === 'workflow') this.workflowHooks.delete(event.resource_sid)
      const hooks = this.lastKnown.get(event.workspace_sid) ?? this.workspaceHooks(event.workspace_sid, event.event_type === 'workspace.deleted')
      if (!hooks) continue
      if (hooks.url && (!hooks.filter || hooks.filter.has(event.event_type))) {
        rows.push(this.row(event, 'event', hooks.url, null, orderKey(event), eventParams(this.accountSid, event, hooks.name)))
      }
      if (event.event_type === 'reservation.created') {
        const assignment = this.assignmentRow(event)
        if (assignment) rows.push(assignment)
      }
    }
    return rows
  }

  private readonly deletedHooks = new Map<string, WorkspaceHooks>()

  private workspaceHooks(workspaceSid: string, deleted: boolean): WorkspaceHooks | null {
    if (deleted) {
      const known = this.deletedHooks.get(workspaceSid) ?? null
      this.deletedHooks.delete(workspaceSid)
      return known
    }
    let workspace
    try {
      workspace = this.engine.query('workspaces.get', { sid: workspaceSid })
    } catch {
      return null
    }
    const filter = workspace.events_filter
      ? new Set(workspace.events_filter.split(',').map((type) => type.trim()).filter(Boolean))
      : null
    const hooks = { name: workspace.friendly_name, url: workspace.event_callback_url, filter: filter && filter.size > 0 ? filter : null }
    this.lastKnown.set(workspaceSid, hooks)
    this.deletedHooks.set(workspaceSid, hooks)
    return hooks
  }

  private assignmentRow(event: DomainEvent): DeliveryRow | null {
    const data = event.event_data
    if (!data.workflow_sid) return null
    let urls = this.workflowHooks.get(data.workflow_sid)
    if (!urls) {
      try {
        const workflow = this.engine.query('workflows.get', { workspace_sid: event.workspace_sid, sid: data.workflow_sid })
        urls = [workflow.assignment_callback_url ?? '', workflow.fallback_assignment_callback_url || null]
      } catch {
        return null
      }
      this.workflowHooks.set(data.workflow_sid, urls)
    }
    if (!urls[0]) return null
    return this.row(event, 'assignment', urls[0], urls[1], event.resource_sid, assignmentParams(this.accountSid, event))
  }

  private row(event: DomainEvent, kind: DeliveryRow['kind'], url: string, fallbackUrl: string | null, key: string, params: Record<string, string>): DeliveryRow {
    return {
      sid: newDeliverySid(),
      workspace_sid: event.workspace_sid,
      kind,
      event_sid: event.sid,
      event_type: event.event_type,
      order_key: key,
      url,
      fallback_url: fallbackUrl,
      params,
      status: 'pending',
      attempts: 0,
      // Due at once; the deliverer's own clock sets later attempts.
      next_attempt_ms: 0,
      last_status_code: null,
      last_error: null,
      response: null,
      created_ms: event.event_date_ms,
      updated_ms: event.event_date_ms,
    }
  }
}

/** A task's events (its reservations' included) go out in order; other resources per resource. */
function orderKey(event: DomainEvent): string {
  return event.event_data.task_sid ?? event.resource_sid
}

function newDeliverySid(): string {
  return 'WH' + crypto.randomUUID().replace(/-/g, '')
}

function pascal(name: string): string {
  return name.replace(/(^|[_-])([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase())
}

/**
 * REFERENCE §7.3: the common parameters, then every field group of the event's data in
 * PascalCase (`task_sid` -> `TaskSid`, `worker_time_in_previous_activity_ms` ->
 * `WorkerTimeInPreviousActivityMs`); `Reason` for canceled/completed tasks as third-party
 * handlers read it. `Timestamp` is epoch seconds, `TimestampMs` epoch milliseconds.
 */
export function eventParams(accountSid: string, event: DomainEvent, workspaceName: string): Record<string, string> {
  const params: Record<string, string> = {
    EventType: event.event_type,
    AccountSid: accountSid,
    WorkspaceSid: event.workspace_sid,
    WorkspaceName: workspaceName,
    EventDescription: event.description,
    ResourceType: pascal(event.resource_type),
    ResourceSid: event.resource_sid,
    Timestamp: String(Math.floor(event.event_date_ms / 1000)),
    TimestampMs: String(event.event_date_ms),
  }
  const data = event.event_data
  for (const key in data) {
    const value = data[key]
    if (value !== null && value !== undefined) params[pascal(key)] = value
  }
  const reason = data.reason ?? data.task_canceled_reason ?? data.task_completed_reason
  if (reason) params.Reason = reason
  return params
}

/** REFERENCE §7.1: what the workflow's AssignmentCallbackUrl receives for a new reservation. */
export function assignmentParams(accountSid: string, event: DomainEvent): Record<string, string> {
  const data = event.event_data
  const params: Record<string, string> = {
    Timestamp: String(Math.floor(event.event_date_ms / 1000)),
    AccountSid: accountSid,
    WorkspaceSid: event.workspace_sid,
  }
  const fields: Array<[string, string]> = [
    ['WorkflowSid', 'workflow_sid'], ['TaskQueueSid', 'task_queue_sid'], ['WorkerSid', 'worker_sid'], ['WorkerAttributes', 'worker_attributes'],
    ['TaskSid', 'task_sid'], ['TaskAttributes', 'task_attributes'], ['TaskAge', 'task_age'], ['TaskPriority', 'task_priority'],
    ['ReservationSid', 'reservation_sid'], ['TaskChannelSid', 'task_channel_sid'], ['TaskChannelUniqueName', 'task_channel_unique_name'],
  ]
  for (const [param, key] of fields) {
    const value = data[key]
    if (value !== null && value !== undefined) params[param] = value
  }
  return params
}

/** A stored outbox row as the contract's Delivery. */
export function deliveryView(row: DeliveryRow): Delivery {
  return {
    sid: row.sid,
    workspace_sid: row.workspace_sid,
    kind: row.kind,
    event_sid: row.event_sid,
    event_type: row.event_type,
    url: row.url,
    fallback_url: row.fallback_url,
    params: row.params,
    status: row.status,
    attempts: row.attempts,
    next_attempt_date: row.status === 'pending' && row.next_attempt_ms > 0 ? isoSeconds(row.next_attempt_ms) : null,
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    response: row.response,
    date_created: isoSeconds(row.created_ms),
    date_updated: isoSeconds(row.updated_ms),
  }
}
