import { access, constants, mkdir } from 'node:fs/promises'
import type { DomainEvent } from '../../contract/resources'
import type { StoredState } from '../../engine/model'
import type { BackupResult, CommitBatch, DeliveryQuery, DeliveryRow, EngineStore, EventQuery, StoreHealth } from '../port'
import { StorageError } from '../port'
import { errorMessage } from '../sqljs/migrations'
import type { JournalFs } from './fileSystem'
import { nodeJournalFs } from './fileSystem'
import type { JournalRecord } from './journalFormat'
import { scanJournal } from './journalReader'
import { JournalWriter } from './journalWriter'
import type { SnapshotResult } from './protocol'
import { StoreWorkerClient } from './workerClient'

export interface DurableStoreOptions {
  /** Holds `routedesk.sqlite` (the snapshot) and `journal-<seq>.log` segments; created if missing. */
  dataDir: string
  /**
   * The store worker's module. Production: `new URL('./storeWorker.js', import.meta.url)` from the
   * built main entry. Tests run the TypeScript source: see test/store/helpers/sourceWorker.ts.
   */
  workerEntry: URL | string
  workerExecArgv?: string[]
  /** Snapshot (and truncate the journal) once the journal holds this many records. Default 50,000. */
  snapshotEveryRecords?: number
  /** ... or this many bytes. Default 64 MiB. */
  snapshotEveryBytes?: number
  /** Test seam for the journal's write path (inject ENOSPC, EIO...). Default: node:fs. */
  journalFs?: JournalFs
}

export interface DurableStoreStats {
  /** Highest journal seq handed out (acknowledged or in flight). */
  lastSeq: number
  /** Highest seq contained in the snapshot on disk. */
  snapshotSeq: number
  journalSegments: number
  journalRecords: number
  journalBytes: number
  commits: number
  /** Group writes (write + fdatasync); commits / groupCommits is the batching factor. */
  groupCommits: number
  snapshots: number
  lastSnapshot: SnapshotResult | null
  /** What recovery repaired and what background snapshots failed, oldest first. */
  warnings: string[]
}

export type DurableStore = EngineStore & { stats(): DurableStoreStats; backup(path: string): Promise<BackupResult> }

const DEFAULT_SNAPSHOT_RECORDS = 50_000
const DEFAULT_SNAPSHOT_BYTES = 64 * 1024 * 1024
/** Replayed records are sent to the worker in messages of about this many payload characters. */
const REPLAY_CHUNK_CHARS = 4 * 1024 * 1024

/**
 * Opens the durable store: the sql.js database in a worker thread, made durable by a journal
 * written on this thread and periodic snapshots (DESIGN.md "Storage"). Recovery happens here,
 * before the store is returned: the worker opens the snapshot, the journal records after it are
 * replayed, and a torn final record is cut off. Anything that could hide acknowledged data (a
 * corrupt snapshot, damage in the middle of the journal, a gap in it) throws StorageError and
 * leaves the files alone; so does a data directory that cannot be written.
 */
export async function openDurableStore(options: DurableStoreOptions): Promise<DurableStore> {
  const { dataDir } = options
  try {
    await mkdir(dataDir, { recursive: true })
    await access(dataDir, constants.R_OK | constants.W_OK)
  } catch (error) {
    throw new StorageError(`The data directory ${dataDir} cannot be created or written (${errorMessage(error)}).`, error)
  }
  const everyRecords = options.snapshotEveryRecords ?? DEFAULT_SNAPSHOT_RECORDS
  const everyBytes = options.snapshotEveryBytes ?? DEFAULT_SNAPSHOT_BYTES

  let commits = 0
  let groupCommits = 0
  let snapshots = 0
  let lastSnapshot: SnapshotResult | null = null
  let snapshotChain: Promise<void> = Promise.resolve()
  let snapshotRunning = false
  let autoSnapshotAt = { records: everyRecords, bytes: everyBytes }
  let closing = false

  let failure: { state: 'read-only' | 'failed'; error: StorageError } | null = null
  const warnings: string[] = []
  const worker = new StoreWorkerClient(options.workerEntry, options.workerExecArgv, (error) => {
    failure ??= { state: 'failed', error }
  })
  let journal: JournalWriter
  let snapshotSeq: number
  try {
    const opened = await worker.request({ type: 'open', dataDir })
    snapshotSeq = opened.snapshotSeq
    const scan = await scanJournal(dataDir, snapshotSeq, (records) => replay(worker, records))
    warnings.push(...scan.warnings)
    journal = await JournalWriter.open({
      dir: dataDir,
      fs: options.journalFs ?? nodeJournalFs,
      nextSeq: scan.lastSeq + 1,
      existing: scan.segments,
      onDurable: (records) => {
        groupCommits++
        commits += records.length
        worker.apply(records)
        maybeSnapshot()
      },
      onFailure: (error) => {
        failure ??= { state: 'read-only', error }
      },
    })
    // Surfaces a failed replay now rather than at the first read.
    await worker.request({ type: 'load' })
  } catch (error) {
    await worker.terminate()
    throw error instanceof StorageError ? error : new StorageError(`Cannot open the store in ${dataDir}: ${errorMessage(error)}`, error)
  }

  const refuseIfUnhealthy = (): void => {
    if (failure) throw failure.error
    if (closing) throw new StorageError('The store is closed')
  }

  /** One snapshot at a time; each one contains every commit acknowledged before it was asked for. */
  const snapshot = (): Promise<void> => {
    const run = snapshotChain.then(async () => {
      if (failure) throw failure.error
      snapshotRunning = true
      try {
        await journal.rotate()
        const result = await worker.request({ type: 'snapshot' })
        snapshotSeq = result.seq
        await journal.removeCoveredBy(result.seq)
        snapshots++
        lastSnapshot = result
      } finally {
        snapshotRunning = false
      }
    })
    snapshotChain = run.catch(() => undefined)
    return run
  }

  /** Background snapshot once the live journal is big; after a failure, retry one threshold later. */
  function maybeSnapshot(): void {
    const size = journal.stats()
    if (snapshotRunning || closing || failure || (size.records < autoSnapshotAt.records && size.bytes < autoSnapshotAt.bytes)) return
    snapshot().then(
      () => {
        autoSnapshotAt = { records: everyRecords, bytes: everyBytes }
        maybeSnapshot() // commits kept coming while it ran: the new segment may be due already
      },
      (error: unknown) => {
        warnings.push(`Background snapshot failed: ${errorMessage(error)}`)
        autoSnapshotAt = { records: size.records + everyRecords, bytes: size.bytes + everyBytes }
      },
    )
  }

  return {
    async load(): Promise<StoredState> {
      if (failure?.state === 'failed') throw failure.error
      return JSON.parse(await worker.request({ type: 'load' })) as StoredState
    },

    async commit(batch: CommitBatch): Promise<void> {
      refuseIfUnhealthy()
      await journal.append(batch)
    },

    async queryEvents(query: EventQuery): Promise<DomainEvent[]> {
      if (failure?.state === 'failed') throw failure.error
      return JSON.parse(await worker.request({ type: 'query', query })) as DomainEvent[]
    },

    async queryDeliveries(query: DeliveryQuery): Promise<DeliveryRow[]> {
      if (failure?.state === 'failed') throw failure.error
      return JSON.parse(await worker.request({ type: 'deliveries', query })) as DeliveryRow[]
    },

    snapshot,

    async backup(path: string): Promise<BackupResult> {
      if (failure?.state === 'failed') throw failure.error
      try {
        const result = await worker.request({ type: 'backup', path })
        return { path, ...result }
      } catch (error) {
        throw error instanceof StorageError ? error : new StorageError(`Cannot write the backup ${path}: ${errorMessage(error)}`, error)
      }
    },

    health(): StoreHealth {
      if (failure) return { state: failure.state, message: failure.error.message }
      return { state: 'ok', message: warnings.length > 0 ? warnings.join(' ') : null }
    },

    stats(): DurableStoreStats {
      const size = journal.stats()
      return {
        lastSeq: journal.lastSeq(),
        snapshotSeq,
        journalSegments: size.segments,
        journalRecords: size.records,
        journalBytes: size.bytes,
        commits,
        groupCommits,
        snapshots,
        lastSnapshot,
        warnings: [...warnings],
      }
    },

    /**
     * Finishes in-flight commits, writes a final snapshot when the journal holds anything (so the
     * next start replays nothing), then stops the worker. A store that turned read-only skips
     * the snapshot: the journal already holds every acknowledged commit.
     */
    async close(): Promise<void> {
      if (closing) return
      closing = true
      let error: unknown = null
      try {
        await journal.drain()
        await snapshotChain
        if (!failure && journal.stats().records > 0) await snapshot()
      } catch (e) {
        error = e
      }
      await journal.close()
      if (!worker.faulted()) await worker.request({ type: 'close' }).catch(() => undefined)
      await worker.terminate()
      if (error) throw error
    },
  }
}

/** Sends journal records to the worker in bounded messages. */
function replay(worker: StoreWorkerClient, records: JournalRecord[]): void {
  let chunk: JournalRecord[] = []
  let chars = 0
  for (const record of records) {
    chunk.push(record)
    chars += record.payload.length
    if (chars >= REPLAY_CHUNK_CHARS) {
      worker.apply(chunk)
      chunk = []
      chars = 0
    }
  }
  if (chunk.length > 0) worker.apply(chunk)
}
