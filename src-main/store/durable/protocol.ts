import type { DeliveryQuery, EventQuery } from '../port'
import type { JournalRecord } from './journalFormat'

/**
 * Messages between the main thread and the store worker. Requests carry an id and get exactly
 * one reply; `apply` is fire-and-forget (the journal already made it durable, and the worker
 * handles messages in order, so a later request sees every earlier apply).
 */
export type WorkerRequest =
  | { type: 'open'; id: number; dataDir: string }
  | { type: 'load'; id: number }
  | { type: 'query'; id: number; query: EventQuery }
  | { type: 'deliveries'; id: number; query: DeliveryQuery }
  | { type: 'snapshot'; id: number }
  /** Export the database as it is now to `path` (atomically); the journal is left alone. */
  | { type: 'backup'; id: number; path: string }
  | { type: 'close'; id: number }

export type WorkerMessage = WorkerRequest | { type: 'apply'; records: JournalRecord[] }

export interface OpenResult {
  /** The last journal seq contained in the snapshot (0 without one). */
  snapshotSeq: number
  snapshotBytes: number | null
}

export interface SnapshotResult {
  /** Every journal record up to and including this seq is in the snapshot file. */
  seq: number
  bytes: number
  exportMs: number
  durationMs: number
}

/** Reply value per request type. */
export interface WorkerResults {
  open: OpenResult
  /** StoredState as JSON text. */
  load: string
  /** DomainEvent[] as JSON text. */
  query: string
  /** DeliveryRow[] as JSON text. */
  deliveries: string
  snapshot: SnapshotResult
  backup: { seq: number; bytes: number }
  close: null
}

export interface SerializedError {
  name: string
  message: string
}

export type WorkerReply =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: SerializedError }
  /** The worker's database no longer matches the journal (an apply failed): stop using it. */
  | { type: 'fault'; message: string }
