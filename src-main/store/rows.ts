import type { DomainEvent } from '../contract/resources'
import type { StoredState, TableName } from '../engine/model'
import type { CommitBatch, DeliveryQuery, DeliveryRow, EventQuery } from './port'

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

/** The filter semantics of DeliveryQuery (order and limit are applied by the adapter). */
export function matchesDeliveryQuery(row: DeliveryRow, q: DeliveryQuery): boolean {
  return (q.workspace_sid === undefined || row.workspace_sid === q.workspace_sid)
    && (q.pending !== true || row.status === 'pending')
    && (q.status === undefined || row.status === q.status)
}

/** Applies a batch's outbox part to a map of rows kept in first-insertion order. */
export function applyDeliveries(rows: Map<string, DeliveryRow>, batch: CommitBatch): void {
  for (const row of batch.deliveries ?? []) rows.set(row.sid, structuredClone(row))
  const before = batch.prune_deliveries_before_ms
  if (before !== undefined) {
    for (const [sid, row] of rows) if (row.status !== 'pending' && row.updated_ms < before) rows.delete(sid)
  }
}
