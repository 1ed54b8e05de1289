import type { DomainEvent } from '../contract/resources'
import { SidPrefix } from '../contract/sids'
import { isoSeconds, type Clock } from './clock'
import type { IdGenerator } from './ids'
import type { Change, Outcome, TableName, TableRows } from './model'

/** Event resource types as TaskRouter names them in the Events log. */
export type EventResourceType = 'workspace' | 'activity' | 'task_channel' | 'worker' | 'task_queue' | 'workflow' | 'task' | 'reservation'

const resourcePath: Record<EventResourceType, string> = {
  workspace: '',
  activity: 'Activities',
  task_channel: 'TaskChannels',
  worker: 'Workers',
  task_queue: 'TaskQueues',
  workflow: 'Workflows',
  task: 'Tasks',
  reservation: 'Reservations',
}

export interface EmittedEvent {
  workspaceSid: string
  type: string
  resourceType: EventResourceType
  resourceSid: string
  description: string
  data: Record<string, string | number | boolean | null | undefined>
}

/**
 * Collects what one command does: the rows to persist and the events to publish. Commands
 * validate everything before recording anything, so a thrown error leaves no partial change.
 */
export class Transaction {
  readonly changes: Change[] = []
  readonly events: DomainEvent[] = []
  readonly now: number

  constructor(
    private readonly clock: Clock,
    readonly ids: IdGenerator,
  ) {
    this.now = clock.now()
  }

  put<T extends TableName>(table: T, row: TableRows[T]): void {
    this.changes.push({ op: 'put', table, row } as Change)
  }

  delete(table: TableName, sid: string): void {
    this.changes.push({ op: 'delete', table, sid })
  }

  purgeWorkspace(workspaceSid: string): void {
    this.changes.push({ op: 'purge_workspace', workspace_sid: workspaceSid })
  }

  emit(event: EmittedEvent): void {
    const eventData: Record<string, string | null> = {}
    const data = event.data
    for (const key in data) {
      const value = data[key]
      if (value !== undefined) eventData[key] = value === null ? null : typeof value === 'string' ? value : String(value)
    }
    const path = resourcePath[event.resourceType]
    this.events.push({
      sid: this.ids.sid(SidPrefix.Event),
      workspace_sid: event.workspaceSid,
      event_type: event.type,
      description: event.description,
      resource_type: event.resourceType,
      resource_sid: event.resourceSid,
      resource_url_path: path ? `/Workspaces/${event.workspaceSid}/${path}/${event.resourceSid}` : `/Workspaces/${event.workspaceSid}`,
      actor_type: 'workspace',
      actor_sid: event.workspaceSid,
      event_date: isoSeconds(this.now),
      event_date_ms: this.now,
      event_data: eventData,
      source: 'routedesk',
    })
  }

  outcome<T>(result: T): Outcome<T> {
    return { result, changes: this.changes, events: this.events }
  }
}
