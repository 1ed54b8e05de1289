import type { DomainEvent } from '../contract/resources'
import type { Change, StoredState } from '../engine/model'

/** One atomic unit of durable work: the changes and events of one (or several) commands. */
export interface CommitBatch {
  changes: Change[]
  events: DomainEvent[]
}

/** Filter for the Events log (REFERENCE §2.2 ListEvent). Times are epoch ms, both inclusive. */
export interface EventQuery {
  workspace_sid: string
  since_ms?: number
  until_ms?: number
  event_type?: string
  resource_sid?: string
  /** One event by its SID. */
  sid?: string
  /** Newest first; at most this many. */
  limit?: number
}

export type StoreHealthState = 'ok' | 'read-only' | 'failed'
export interface StoreHealth {
  state: StoreHealthState
  message: string | null
}

/**
 * The persistence port. Adapters: in-memory (tests, simulations) and durable sql.js
 * (journal + snapshots). Both pass the same conformance suite (test/store/conformance).
 *
 * Contract: `commit` resolves only once the batch is durable (for the durable adapter: its
 * journal record is fsynced); batches are applied in call order; a batch is all-or-nothing.
 * A commit that cannot be made durable rejects with StorageError and the store turns
 * `read-only`, refusing later commits until reopened, so nothing acknowledged is ever lost.
 */
export interface EngineStore {
  load(): Promise<StoredState>
  commit(batch: CommitBatch): Promise<void>
  queryEvents(query: EventQuery): Promise<DomainEvent[]>
  /** Writes a snapshot now (durable adapter) and truncates the journal behind it. */
  snapshot(): Promise<void>
  health(): StoreHealth
  close(): Promise<void>
}

/** The store refused or failed a write; nothing of that batch was acknowledged. */
export class StorageError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message)
    this.name = 'StorageError'
  }
}

/** The database on disk was written by a newer Routedesk: refuse to open it rather than guess. */
export class NewerDatabaseError extends StorageError {}
