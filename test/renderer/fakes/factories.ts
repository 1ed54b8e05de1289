import type { Activity, DomainEvent, Reservation, Task, TaskChannel, TaskQueue, Worker, WorkerChannel, Workflow } from '@contract'

/** Factories with defaults for renderer tests: override any field. */
let seq = 0
function sid(prefix: string): string {
  seq += 1
  return `${prefix}${seq.toString(16).padStart(32, '0')}`
}

export const WS = 'WS' + 'a'.repeat(32)
const DATE = '2026-11-21T10:00:00Z'

export function createActivity(overrides: Partial<Activity> = {}): Activity {
  return { sid: sid('WA'), workspace_sid: WS, friendly_name: 'Available', available: true, date_created: DATE, date_updated: DATE, ...overrides }
}

export function createChannel(overrides: Partial<TaskChannel> = {}): TaskChannel {
  return { sid: sid('TC'), workspace_sid: WS, friendly_name: 'Voice', unique_name: 'voice', channel_optimized_routing: false, date_created: DATE, date_updated: DATE, ...overrides }
}

export function createWorker(overrides: Partial<Worker> & { skills?: string[] } = {}): Worker {
  const { skills, ...rest } = overrides
  return {
    sid: sid('WK'),
    workspace_sid: WS,
    friendly_name: `Worker ${seq}`,
    attributes: JSON.stringify(skills ? { skills } : {}),
    activity_sid: 'WA' + '1'.repeat(32),
    activity_name: 'Available',
    available: true,
    date_created: DATE,
    date_updated: DATE,
    date_status_changed: DATE,
    version: 1,
    ...rest,
  }
}

export function createWorkerChannel(overrides: Partial<WorkerChannel> = {}): WorkerChannel {
  return {
    sid: sid('WC'),
    workspace_sid: WS,
    worker_sid: 'WK' + '0'.repeat(32),
    task_channel_sid: 'TC' + '0'.repeat(32),
    task_channel_unique_name: 'voice',
    configured_capacity: 1,
    assigned_tasks: 0,
    available_capacity_percentage: 100,
    available: true,
    date_created: DATE,
    date_updated: DATE,
    ...overrides,
  }
}

export function createQueue(overrides: Partial<TaskQueue> = {}): TaskQueue {
  // Cast: the contract grows queue fields (SLA settings) while this factory is in use.
  return {
    sla_threshold_seconds: 20,
    short_abandon_seconds: 10,
    sla_reset_time: '00:00',
    sla_time_zone: 'UTC',
    sid: sid('WQ'),
    workspace_sid: WS,
    friendly_name: `Queue ${seq}`,
    target_workers: '1==1',
    task_order: 'FIFO',
    max_reserved_workers: 1,
    reservation_activity_sid: null,
    reservation_activity_name: null,
    assignment_activity_sid: null,
    assignment_activity_name: null,
    date_created: DATE,
    date_updated: DATE,
    ...overrides,
  } as TaskQueue
}

export function createWorkflow(overrides: Partial<Workflow> = {}): Workflow {
  return {
    sid: sid('WW'),
    workspace_sid: WS,
    friendly_name: `Workflow ${seq}`,
    configuration: '{"task_routing":{"filters":[]}}',
    assignment_callback_url: null,
    fallback_assignment_callback_url: null,
    task_reservation_timeout: 120,
    document_content_type: 'application/json',
    date_created: DATE,
    date_updated: DATE,
    ...overrides,
  }
}

export function createTask(overrides: Partial<Task> = {}): Task {
  return {
    sid: sid('WT'),
    workspace_sid: WS,
    attributes: '{}',
    assignment_status: 'pending',
    priority: 0,
    timeout: 86_400,
    age: 0,
    task_channel_sid: 'TC' + '0'.repeat(32),
    task_channel_unique_name: 'default',
    workflow_sid: null,
    workflow_friendly_name: null,
    task_queue_sid: null,
    task_queue_friendly_name: null,
    task_queue_entered_date: null,
    reason: null,
    date_created: DATE,
    date_updated: DATE,
    virtual_start_time: DATE,
    addons: '{}',
    version: 1,
    ...overrides,
  }
}

export function createReservation(overrides: Partial<Reservation> = {}): Reservation {
  return {
    sid: sid('WR'),
    workspace_sid: WS,
    task_sid: 'WT' + '0'.repeat(32),
    worker_sid: 'WK' + '0'.repeat(32),
    worker_name: 'Alice',
    reservation_status: 'pending',
    date_created: DATE,
    date_updated: DATE,
    version: 1,
    ...overrides,
  }
}

export function createEvent(overrides: Partial<DomainEvent> = {}): DomainEvent {
  const ms = Date.parse(DATE) + seq * 1000
  return {
    sid: sid('EV'),
    workspace_sid: WS,
    event_type: 'task.created',
    description: 'Task created',
    resource_type: 'task',
    resource_sid: 'WT' + '0'.repeat(32),
    resource_url_path: '/v1/Workspaces/…',
    actor_type: 'admin',
    actor_sid: '',
    event_date: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    event_date_ms: ms,
    event_data: { task_sid: 'WT' + '0'.repeat(32) },
    source: 'api',
    ...overrides,
  }
}
