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
  /**
   * Becomes the event's `event_data`: values are stored as strings and undefined ones left out.
   * Data already in that form (routing/eventData.ts builds it so) is kept as is, so pass a fresh
   * object to each emit and do not change it afterwards.
   */
  data: Record<string, string | number | boolean | null | undefined>
}

/** Event data in its stored form; `data` itself when it already is (no copy per event). */
function storedEventData(data: EmittedEvent['data']): Record<string, string | null> {
  for (const key in data) {
    const value = data[key]
    if (value !== null && typeof value !== 'string') return convertedEventData(data)
  }
  return data as Record<string, string | null>
}

function convertedEventData(data: EmittedEvent['data']): Record<string, string | null> {
  const stored: Record<string, string | null> = {}
  for (const key in data) {
    const value = data[key]
    if (value !== undefined) stored[key] = value === null ? null : typeof value === 'string' ? value : String(value)
  }
  return stored
}

/**
 * Collects what one command does: the rows to persist and the events to publish. Commands
 * validate everything before recording anything, so a thrown error leaves no partial change.
 */
export class Transaction {
  readonly changes: Change[] = []
  /**
   * The change already recorded for each row. A command often writes a row several times (a task
   * is put when created, routed and reserved); only its final state is persisted, at the place of
   * its first write, so parents still precede children. This cut a task creation's journal record
   * by a sixth (three puts of the task became one).
   */
  private readonly rowChanges = new Map<string, Change>()
  readonly events: DomainEvent[] = []
  readonly now: number
  /** Every event of the transaction has the same date: formatted once. */
  private eventDate: string | undefined

  constructor(
    private readonly clock: Clock,
    readonly ids: IdGenerator,
  ) {
    this.now = clock.now()
  }

  put<T extends TableName>(table: T, row: TableRows[T]): void {
    this.recordRow(table, row.sid, { op: 'put', table, row } as Change)
  }

  delete(table: TableName, sid: string): void {
    this.recordRow(table, sid, { op: 'delete', table, sid })
  }

  purgeWorkspace(workspaceSid: string): void {
    // A row written after the purge must come after it: start over.
    this.rowChanges.clear()
    this.changes.push({ op: 'purge_workspace', workspace_sid: workspaceSid })
  }

  private recordRow(table: TableName, sid: string, change: Change): void {
    const key = `${table}:${sid}`
    const earlier = this.rowChanges.get(key)
    if (!earlier) {
      this.rowChanges.set(key, change)
      this.changes.push(change)
      return
    }
    // Replaced in place (not by index): callers may unshift into `changes`.
    for (const field of Object.keys(earlier)) delete (earlier as Record<string, unknown>)[field]
    Object.assign(earlier, change)
  }

  emit(event: EmittedEvent): void {
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
      event_date: (this.eventDate ??= isoSeconds(this.now)),
      event_date_ms: this.now,
      event_data: storedEventData(event.data),
      source: 'routedesk',
    })
  }

  outcome<T>(result: T): Outcome<T> {
    return { result, changes: this.changes, events: this.events }
  }
}
