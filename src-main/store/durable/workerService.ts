import { join } from 'node:path'
import type { CommitBatch } from '../port'
import { NewerDatabaseError, StorageError } from '../port'
import { errorMessage } from '../sqljs/migrations'
import { SqljsDatabase } from '../sqljs/sqljsDatabase'
import type { JournalRecord } from './journalFormat'
import type { OpenResult, SerializedError, SnapshotResult, WorkerMessage, WorkerReply, WorkerRequest } from './protocol'
import { SNAPSHOT_FILE, readSnapshot, removeSnapshotTmp, writeFileAtomically, writeSnapshot } from './snapshotFile'

/**
 * The store worker's logic, apart from the thread plumbing (storeWorker.ts) so it reads plainly:
 * it owns the sql.js database, applies journaled batches, answers reads and writes snapshots.
 * Messages are handled strictly in arrival order. A snapshot blocks that order only for the
 * synchronous export(); the file write runs while later messages are handled.
 */
export class StoreWorkerService {
  private db: SqljsDatabase | null = null
  private dataDir = ''
  private queue: Promise<void> = Promise.resolve()
  private snapshotWrite: Promise<void> = Promise.resolve()
  private fault: string | null = null

  constructor(private readonly send: (reply: WorkerReply) => void) {}

  handle(message: WorkerMessage): void {
    this.queue = this.queue.then(() => this.process(message))
  }

  private async process(message: WorkerMessage): Promise<void> {
    if (message.type === 'apply') {
      this.apply(message.records)
      return
    }
    if (message.type === 'snapshot') {
      await this.startSnapshot(message.id)
      return
    }
    try {
      this.send({ type: 'reply', id: message.id, ok: true, value: await this.request(message) })
    } catch (error) {
      this.send({ type: 'reply', id: message.id, ok: false, error: serializeError(error) })
    }
  }

  private async request(message: Exclude<WorkerRequest, { type: 'snapshot' }>): Promise<unknown> {
    switch (message.type) {
      case 'open':
        return this.open(message.dataDir)
      case 'load':
        return this.database().loadStateJson()
      case 'query':
        return this.database().queryEventsJson(message.query)
      case 'deliveries':
        return this.database().queryDeliveriesJson(message.query)
      case 'backup': {
        // Handled in message order, so it holds every record applied before it was asked for.
        const db = this.database()
        const seq = db.journalSeq()
        const bytes = db.export()
        await writeFileAtomically(message.path, bytes)
        return { seq, bytes: bytes.length }
      }
      case 'close':
        await this.snapshotWrite
        this.db?.close()
        this.db = null
        return null
    }
  }

  private async open(dataDir: string): Promise<OpenResult> {
    this.dataDir = dataDir
    const path = join(dataDir, SNAPSHOT_FILE)
    let bytes: Uint8Array | null
    try {
      bytes = await readSnapshot(dataDir)
      this.db = await SqljsDatabase.open(bytes ?? undefined)
    } catch (error) {
      if (error instanceof NewerDatabaseError) throw new NewerDatabaseError(`${path}: ${error.message}`)
      throw new StorageError(
        `The snapshot ${path} is unreadable (${errorMessage(error)}). Routedesk will not start with an empty ` +
        'database in its place; restore the file from a backup or move the data directory away. No file was changed.',
        error,
      )
    }
    await removeSnapshotTmp(dataDir)
    return { snapshotSeq: this.db.journalSeq(), snapshotBytes: bytes?.length ?? null }
  }

  /** Applies a group of journal records in one transaction; a failure faults the worker for good. */
  private apply(records: JournalRecord[]): void {
    if (this.fault) return
    try {
      this.database().applyAll(records.map((record) => JSON.parse(record.payload) as { seq: number; batch: CommitBatch }))
    } catch (error) {
      const range = `${records[0]?.seq}..${records.at(-1)?.seq}`
      this.fault = `Journal records ${range} could not be applied (${errorMessage(error)}); the database no longer matches the journal.`
      this.send({ type: 'fault', message: this.fault })
    }
  }

  private async startSnapshot(id: number): Promise<void> {
    await this.snapshotWrite
    let result: Omit<SnapshotResult, 'durationMs'>
    let bytes: Uint8Array
    const started = performance.now()
    try {
      const db = this.database()
      const seq = db.journalSeq()
      bytes = db.export()
      result = { seq, bytes: bytes.length, exportMs: performance.now() - started }
    } catch (error) {
      this.send({ type: 'reply', id, ok: false, error: serializeError(error) })
      return
    }
    this.snapshotWrite = writeSnapshot(this.dataDir, bytes).then(
      () => this.send({ type: 'reply', id, ok: true, value: { ...result, durationMs: performance.now() - started } }),
      (error: unknown) => this.send({ type: 'reply', id, ok: false, error: serializeError(new StorageError(`Cannot write the snapshot: ${errorMessage(error)}`)) }),
    )
  }

  /** The open database; refuses once an apply failed, since its content is then unknown. */
  private database(): SqljsDatabase {
    if (this.fault) throw new StorageError(this.fault)
    if (!this.db) throw new StorageError('The store worker has no open database')
    return this.db
  }
}

/** Errors cross the thread boundary as name + message; the client rebuilds the class from the name. */
function serializeError(error: unknown): SerializedError {
  // NewerDatabaseError inherits StorageError's `name`, so tell it apart by class.
  if (error instanceof NewerDatabaseError) return { name: 'NewerDatabaseError', message: error.message }
  return { name: 'StorageError', message: errorMessage(error) }
}
