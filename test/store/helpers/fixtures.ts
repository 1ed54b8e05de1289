import type { DomainEvent } from '../../../src-main/contract/resources'
import type { ActivityRecord, WorkerRecord, WorkspaceRecord } from '../../../src-main/engine/model'
import type { DeliveryRow } from '../../../src-main/store/port'

/** Small, valid-looking records; sids are fixed-width so their sort order is obvious. */
export function workspace(n: number): WorkspaceRecord {
  return {
    sid: sid('WS', n),
    friendly_name: `Workspace ${n}`,
    default_activity_sid: null,
    timeout_activity_sid: null,
    multi_task_enabled: true,
    prioritize_queue_order: 'FIFO',
    event_callback_url: '',
    events_filter: null,
    date_created: 1_700_000_000_000,
    date_updated: 1_700_000_000_000,
  }
}

export function activity(n: number, workspaceSid: string): ActivityRecord {
  return { sid: sid('WA', n), workspace_sid: workspaceSid, friendly_name: `Activity ${n}`, available: n % 2 === 0, date_created: 1, date_updated: 1 }
}

export function worker(n: number, workspaceSid: string, attributes = '{"skills":["support"]}'): WorkerRecord {
  return {
    sid: sid('WK', n),
    workspace_sid: workspaceSid,
    friendly_name: `Worker ${n}`,
    attributes,
    activity_sid: sid('WA', 1),
    date_created: 1_700_000_000_000,
    date_updated: 1_700_000_000_000 + n,
    date_status_changed: 1_700_000_000_000,
    version: 1,
  }
}

export function event(n: number, workspaceSid: string, overrides: Partial<DomainEvent> = {}): DomainEvent {
  const ms = overrides.event_date_ms ?? 1_700_000_000_000 + n * 1000
  return {
    sid: sid('EV', n),
    workspace_sid: workspaceSid,
    event_type: 'worker.activity.update',
    description: `Event ${n}`,
    resource_type: 'worker',
    resource_sid: sid('WK', n % 3),
    resource_url_path: `/v1/Workspaces/${workspaceSid}/Workers/${sid('WK', n % 3)}`,
    actor_type: 'system',
    actor_sid: '',
    event_date: new Date(ms).toISOString(),
    event_date_ms: ms,
    event_data: { worker_activity_name: 'Idle', note: null },
    source: 'routedesk',
    ...overrides,
  }
}

/** A 34-character sid: two-letter prefix and 32 hex digits. */
export function sid(prefix: string, n: number): string {
  return prefix + n.toString(16).padStart(32, '0')
}

/** A webhook outbox row (event callback) for workspace `workspaceSid`. */
export function delivery(n: number, workspaceSid: string, overrides: Partial<DeliveryRow> = {}): DeliveryRow {
  return {
    sid: sid('WH', n),
    workspace_sid: workspaceSid,
    kind: 'event',
    event_sid: sid('EV', n),
    event_type: 'task.created',
    order_key: sid('WT', 1),
    url: 'http://127.0.0.1:9/events',
    fallback_url: null,
    params: { EventType: 'task.created', TaskSid: sid('WT', 1) },
    status: 'pending',
    attempts: 0,
    next_attempt_ms: 1_700_000_000_000 + n,
    last_status_code: null,
    last_error: null,
    response: null,
    created_ms: 1_700_000_000_000 + n,
    updated_ms: 1_700_000_000_000 + n,
    ...overrides,
  }
}
