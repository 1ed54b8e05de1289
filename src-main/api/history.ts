import type { MethodOutput, MethodParsedInput } from '../contract/methods'
import type { DomainEvent } from '../contract/resources'
import type { Engine } from '../engine/engine'
import { InvalidParameterError, NotFoundError } from '../engine/errors'
import type { EngineStore } from '../store/port'

/** ListEvent's default window (REFERENCE §2.2). */
const DEFAULT_MINUTES = 15
/** Events read from the store per request before the related-resource filters apply. */
const SCAN_CAP = 50_000
const DEFAULT_LIMIT = 1000

/**
 * The Events log, answered from the durable store (history is not kept in the engine): a time
 * window (Minutes, or StartDate/EndDate), event types, and the resources an event concerns
 * (matched on the resource and on the SIDs in its data, so `task_sid` finds the task's
 * reservation events too).
 */
export async function listEvents(engine: Engine, store: EngineStore, input: MethodParsedInput<'events.list'>, now: number): Promise<MethodOutput<'events.list'>> {
  engine.query('workspaces.get', { sid: input.workspace_sid })
  const end = input.end_date !== undefined ? parseDate(input.end_date, 'end_date') : now
  const start = input.start_date !== undefined ? parseDate(input.start_date, 'start_date') : end - (input.minutes ?? DEFAULT_MINUTES) * 60_000
  if (start > end) {
    // A StartDate in the future with no EndDate: nothing happened yet.
    if (input.end_date === undefined) return []
    throw new InvalidParameterError('start_date must be before end_date', 'start_date')
  }
  const types = input.event_type ? new Set(input.event_type.split(',').map((type) => type.trim()).filter(Boolean)) : undefined
  const channelSid = input.task_channel !== undefined ? engine.query('channels.get', { workspace_sid: input.workspace_sid, sid: input.task_channel }).sid : undefined
  const single = types && types.size === 1 ? [...types][0] : undefined
  const events = await store.queryEvents({ workspace_sid: input.workspace_sid, since_ms: start, until_ms: end, limit: SCAN_CAP, ...(single ? { event_type: single } : {}) })
  const related: Array<[string, string | undefined]> = [
    ['task_sid', input.task_sid],
    ['worker_sid', input.worker_sid],
    ['reservation_sid', input.reservation_sid],
    ['task_queue_sid', input.task_queue_sid],
    ['workflow_sid', input.workflow_sid],
    ['task_channel_sid', channelSid],
  ]
  const limit = input.limit ?? DEFAULT_LIMIT
  const out: DomainEvent[] = []
  for (const event of events) {
    if (types && !types.has(event.event_type)) continue
    if (input.sid !== undefined && event.sid !== input.sid) continue
    if (!related.every(([key, sid]) => sid === undefined || event.resource_sid === sid || event.event_data[key] === sid)) continue
    out.push(event)
    if (out.length >= limit) break
  }
  return out
}

export async function getEvent(engine: Engine, store: EngineStore, input: MethodParsedInput<'events.get'>): Promise<MethodOutput<'events.get'>> {
  engine.query('workspaces.get', { sid: input.workspace_sid })
  const [event] = await store.queryEvents({ workspace_sid: input.workspace_sid, sid: input.sid, limit: 1 })
  if (!event) throw new NotFoundError(`The requested event ${input.sid} was not found`, 'sid')
  return event
}

function parseDate(text: string, param: string): number {
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw new InvalidParameterError(`${param} '${text}' is not a valid date`, param)
  return ms
}
