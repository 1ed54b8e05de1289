import type { DomainEvent } from '../contract/resources'
import { emptyStoredState, tableNames } from '../engine/model'
import type { Change, StoredState, TableName } from '../engine/model'
import type { CommitBatch, DeliveryQuery, DeliveryRow, EngineStore, EventQuery, StoreHealth } from './port'
import { StorageError } from './port'
import type { AnyRow } from './rows'
import { applyDeliveries, effectiveLimit, matchesDeliveryQuery, matchesQuery, workspaceOf } from './rows'

/**
 * The in-memory adapter: for tests and simulations, and the reference the durable adapter is
 * checked against (test/store/conformance). Every row and event is deep-copied on the way in
 * and out, because callers keep and mutate their objects after commit (and so must not be able
 * to reach into the store's copy).
 */
export function createMemoryStore(): EngineStore {
  const tables = new Map<TableName, Map<string, AnyRow>>(tableNames.map((t) => [t, new Map()]))
  /** Events in commit order; a re-used sid replaces the old entry (as INSERT OR REPLACE does). */
  let events = new Map<string, DomainEvent>()
  let closed = false
  /** The webhook outbox in creation order. */
  const deliveries = new Map<string, DeliveryRow>()

  const table = (name: TableName): Map<string, AnyRow> => {
    const t = tables.get(name)
    if (!t) throw new StorageError(`Unknown table "${name}"`)
    return t
  }

  const apply = (change: Change): void => {
    switch (change.op) {
      case 'put':
        table(change.table).set(change.row.sid, structuredClone(change.row))
        return
      case 'delete':
        table(change.table).delete(change.sid)
        return
      case 'purge_workspace':
        purge(change.workspace_sid)
        return
    }
  }

  const purge = (workspaceSid: string): void => {
    for (const name of tableNames) {
      const t = table(name)
      for (const [sid, row] of t) {
        if (workspaceOf(name, row) === workspaceSid) t.delete(sid)
      }
    }
    events = new Map([...events].filter(([, e]) => e.workspace_sid !== workspaceSid))
    for (const [sid, row] of deliveries) if (row.workspace_sid === workspaceSid) deliveries.delete(sid)
  }

  return {
    async load(): Promise<StoredState> {
      const state = emptyStoredState()
      for (const name of tableNames) {
        // Map keeps first-insertion order, also when a key is set again: creation order.
        const rows = [...table(name).values()]
        ;(state[name] as AnyRow[]) = rows.map((r) => structuredClone(r))
      }
      return state
    },

    async commit(batch: CommitBatch): Promise<void> {
      if (closed) throw new StorageError('The store is closed')
      // Validate before touching anything, so a bad batch leaves nothing applied (all-or-nothing).
      for (const change of batch.changes) {
        if (change.op !== 'purge_workspace' && !tables.has(change.table)) {
          throw new StorageError(`Invalid batch: unknown table "${change.table}"`)
        }
      }
      const copy = structuredClone(batch)
      for (const change of copy.changes) apply(change)
      for (const event of copy.events) {
        events.delete(event.sid)
        events.set(event.sid, event)
      }
      applyDeliveries(deliveries, copy)
      const eventsBefore = copy.prune_events_before_ms
      if (eventsBefore !== undefined) events = new Map([...events].filter(([, e]) => e.event_date_ms >= eventsBefore))
    },

    async queryDeliveries(query: DeliveryQuery): Promise<DeliveryRow[]> {
      const matches = [...deliveries.values()].filter((row) => matchesDeliveryQuery(row, query))
      if (!query.pending) matches.reverse()
      const limit = query.limit === undefined ? undefined : Math.max(0, Math.floor(query.limit))
      return (limit === undefined ? matches : matches.slice(0, limit)).map((row) => structuredClone(row))
    },

    async queryEvents(query: EventQuery): Promise<DomainEvent[]> {
      const matches: DomainEvent[] = []
      for (const e of events.values()) {
        if (matchesQuery(e, query)) matches.push(e)
      }
      // Newest first; among equal times the later commit first (stable sort of the reversed log).
      matches.reverse().sort((a, b) => b.event_date_ms - a.event_date_ms)
      const limit = effectiveLimit(query)
      const limited = limit === undefined ? matches : matches.slice(0, limit)
      return limited.map((e) => structuredClone(e))
    },

    async snapshot(): Promise<void> {},

    health(): StoreHealth {
      return { state: 'ok', message: null }
    },

    async close(): Promise<void> {
      closed = true
    },
  }
}
