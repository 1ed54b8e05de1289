import type { DomainEvent } from '../contract/resources'
import type { StoredState, TableName } from '../engine/model'
import type { EventQuery } from './port'

/** Any row of any engine table. */
export type AnyRow = StoredState[TableName][number]

/** The workspace a row belongs to; a workspace belongs to itself (so purge removes it too). */
export function workspaceOf(table: TableName, row: AnyRow): string {
  return table === 'workspaces' ? row.sid : (row as { workspace_sid: string }).workspace_sid
}

/**
 * `load()` returns each table's rows in first-insertion order in every adapter (a replaced row
 * keeps its place), so engine lists stay in creation order across restarts.
 */
/** The filter semantics of EventQuery: every given condition must hold; times are inclusive. */
export function matchesQuery(e: DomainEvent, q: EventQuery): boolean {
  return e.workspace_sid === q.workspace_sid
    && (q.since_ms === undefined || e.event_date_ms >= q.since_ms)
    && (q.until_ms === undefined || e.event_date_ms <= q.until_ms)
    && (q.event_type === undefined || e.event_type === q.event_type)
    && (q.resource_sid === undefined || e.resource_sid === q.resource_sid)
    && (q.sid === undefined || e.sid === q.sid)
}

/** `limit` as a count: absent means unlimited; negatives and fractions are clamped down. */
export function effectiveLimit(q: EventQuery): number | undefined {
  return q.limit === undefined ? undefined : Math.max(0, Math.floor(q.limit))
}
