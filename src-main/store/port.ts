import type { DomainEvent } from '../contract/resources'
import type { Change, StoredState } from '../engine/model'

/** One atomic unit of durable work: the changes and events of one (or several) commands. */
export interface CommitBatch {
  changes: Change[]
  events: DomainEvent[]
  /**
   * Webhook outbox rows to upsert (by sid), made durable together with the events that caused
   * them, so an acknowledged event is never without its callback.
   */
  deliveries?: DeliveryRow[]
  /** Removes finished (not pending) deliveries last updated before this time (epoch ms). */
  prune_deliveries_before_ms?: number
  /** Removes events (of every workspace) dated before this time (epoch ms): the retention window. */
  prune_events_before_ms?: number
}

export type DeliveryKind = 'event' | 'assignment'
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'skipped'

/**
 * One outgoing callback (REFERENCE §7.1 assignment, §7.3 event) in the durable outbox. Rows of
 * one `order_key` are delivered in creation order; `params` is the form body as sent.
 */
export interface DeliveryRow {
  sid: string
  workspace_sid: string
  kind: DeliveryKind
  /** The domain event that caused it. */
  event_sid: string
  event_type: string
  /** Deliveries with the same key go out one after another, in creation order. */
  order_key: string
  url: string
  /** Assignment callbacks: tried once when `url` fails (REFERENCE §7.1). */
  fallback_url: string | null
  params: Record<string, string>
  status: DeliveryStatus
  attempts: number
  next_attempt_ms: number
  last_status_code: number | null
  last_error: string | null
  /** What the receiver answered (assignment instructions), shortened. */
  response: string | null
  created_ms: number
  updated_ms: number
}

/** Filter for the outbox. Without `pending`: newest first (by creation). With it: every pending row, oldest first. */
export interface DeliveryQuery {
  workspace_sid?: string
  pending?: boolean
  status?: DeliveryStatus
  limit?: number
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
  /** The webhook outbox (see DeliveryQuery for the order). */
  queryDeliveries(query: DeliveryQuery): Promise<DeliveryRow[]>
  /** Writes a snapshot now (durable adapter) and truncates the journal behind it. */
  snapshot(): Promise<void>
  /**
   * Writes a consistent copy of everything acknowledged before the call to `path`, atomically
   * (temp file, fsync, rename), while commits go on. Only adapters that persist have it.
   */
  backup?(path: string): Promise<BackupResult>
  health(): StoreHealth
  close(): Promise<void>
}

export interface BackupResult {
  path: string
  bytes: number
  /** The last journal sequence number the copy contains. */
  seq: number
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
