import { open as openFile, readdir, rename, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { CommitBatch } from '../port'
import { StorageError } from '../port'
import { errorMessage } from '../sqljs/migrations'
import type { JournalFile, JournalFs } from './fileSystem'
import { encodePayload, encodeRecord } from './journalFormat'
import type { JournalRecord } from './journalFormat'
import { segmentPath } from './journalReader'
import type { Segment } from './journalReader'

/** Covered segments are renamed to this before they are released, so recovery never reads a half-released one. */
const DISCARDED_SUFFIX = '.discard'
/** How much of a released segment is freed at a time (see releaseGradually). */
const RELEASE_STEP_BYTES = 4 * 1024 * 1024

interface Pending {
  record: JournalRecord
  bytes: Buffer
  resolve: () => void
  reject: (error: StorageError) => void
}

interface Waiter<T> {
  resolve: (value: T) => void
  reject: (error: StorageError) => void
}

/**
 * The journal's write side, with group commit: appends that arrive while a write+fdatasync is in
 * flight are written together by the next one, so N concurrent commits cost about one fsync.
 * An append resolves only after its record's fdatasync returned. The first write, sync or
 * rotation failure makes the journal permanently failed: that group and every later append
 * reject with StorageError, because after a failed fsync the file's state is unknown.
 */
export class JournalWriter {
  private pending: Pending[] = []
  private rotations: Waiter<number>[] = []
  private drains: Waiter<void>[] = []
  private running = false
  private failure: StorageError | null = null
  private closed = false

  private constructor(
    private readonly dir: string,
    private readonly fs: JournalFs,
    private file: JournalFile,
    private nextSeq: number,
    /** Live segments, oldest first; the last one is being written. */
    private readonly segments: Segment[],
    /** Called in seq order, once per group, after the group is durable. */
    private readonly onDurable: (records: JournalRecord[]) => void,
    private readonly onFailure: (error: StorageError) => void,
  ) {}

  /**
   * Starts a new segment at `nextSeq` after the `existing` ones (re-using an empty segment of the
   * same name, which a restart without commits leaves behind).
   */
  static async open(options: {
    dir: string
    fs: JournalFs
    nextSeq: number
    existing: Segment[]
    onDurable: (records: JournalRecord[]) => void
    onFailure: (error: StorageError) => void
  }): Promise<JournalWriter> {
    const path = segmentPath(options.dir, options.nextSeq)
    const segments = options.existing.filter((s) => s.path !== path)
    let file: JournalFile
    try {
      file = await options.fs.openAppend(path)
      await options.fs.syncDir(options.dir)
    } catch (error) {
      throw new StorageError(`Cannot write the journal in ${options.dir} (${errorMessage(error)}); the data directory must be writable.`, error)
    }
    segments.push({ path, firstSeq: options.nextSeq, records: 0, bytes: 0 })
    await releaseDiscardedSegments(options.dir)
    return new JournalWriter(options.dir, options.fs, file, options.nextSeq, segments, options.onDurable, options.onFailure)
  }

  /** Journals `batch`; resolves once it is durable. Serialised now, so later caller mutations do not leak in. */
  append(batch: CommitBatch): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.closed) return Promise.reject(new StorageError('The journal is closed'))
    const seq = this.nextSeq++
    const payload = encodePayload(seq, batch)
    const bytes = encodeRecord(payload)
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record: { seq, payload }, bytes, resolve, reject })
      this.kick()
    })
  }

  /**
   * Closes the current segment and starts a new one (between two group writes). Resolves with
   * the new segment's first seq B: every record before B is durable, already handed to
   * `onDurable`, and in an older segment.
   */
  rotate(): Promise<number> {
    if (this.failure) return Promise.reject(this.failure)
    return new Promise<number>((resolve, reject) => {
      this.rotations.push({ resolve, reject })
      this.kick()
    })
  }

  /** Resolves when every append made so far has settled. */
  drain(): Promise<void> {
    if (!this.running && this.pending.length === 0) return Promise.resolve()
    return new Promise<void>((resolve, reject) => this.drains.push({ resolve, reject }))
  }

  /**
   * Removes the older segments whose records are all <= `seq` (already in a snapshot). Each is
   * first renamed out of the journal (atomic: recovery only reads `journal-<seq>.log`), then
   * released gradually: unlinking a 64 MB segment at once made a concurrent commit's fdatasync
   * wait 85-96 ms for the filesystem to free its blocks (measured on this project's CI disk; the
   * 4 MB steps kept the worst wait at 16 ms).
   */
  async removeCoveredBy(seq: number): Promise<void> {
    const removable: Segment[] = []
    for (let i = 0; i < this.segments.length - 1; i++) {
      const next = this.segments[i + 1]
      const segment = this.segments[i]
      if (segment && next && next.firstSeq - 1 <= seq) removable.push(segment)
    }
    if (removable.length === 0) return
    for (const segment of removable) {
      await rename(segment.path, segment.path + DISCARDED_SUFFIX)
      this.segments.splice(this.segments.indexOf(segment), 1)
    }
    await this.fs.syncDir(this.dir)
    for (const segment of removable) await releaseGradually(segment.path + DISCARDED_SUFFIX)
  }

  async close(): Promise<void> {
    this.closed = true
    await this.drain().catch(() => undefined)
    await this.file.close().catch(() => undefined)
  }

  failed(): StorageError | null {
    return this.failure
  }

  lastSeq(): number {
    return this.nextSeq - 1
  }

  stats(): { segments: number; records: number; bytes: number } {
    let records = 0
    let bytes = 0
    for (const s of this.segments) { records += s.records; bytes += s.bytes }
    return { segments: this.segments.length, records, bytes }
  }

  private kick(): void {
    if (this.running) return
    this.running = true
    void this.run().finally(() => {
      this.running = false
      if (this.pending.length > 0 || this.rotations.length > 0) this.kick()
      else this.settleDrains()
    })
  }

  private async run(): Promise<void> {
    while (this.pending.length > 0 || this.rotations.length > 0) {
      if (this.failure) {
        this.rejectAll(this.failure)
        return
      }
      if (this.rotations.length > 0) {
        const waiters = this.rotations.splice(0)
        try {
          const boundary = await this.startSegment()
          for (const w of waiters) w.resolve(boundary)
        } catch (error) {
          const failure = this.fail(error, 'start a new journal segment')
          for (const w of waiters) w.reject(failure)
        }
        continue
      }
      const group = this.pending.splice(0)
      const bytes = group.length === 1 ? (group[0] as Pending).bytes : Buffer.concat(group.map((p) => p.bytes))
      try {
        await this.file.append(bytes)
        await this.file.datasync()
      } catch (error) {
        const failure = this.fail(error, 'write the journal')
        for (const p of group) p.reject(failure)
        continue
      }
      const current = this.segments.at(-1)
      if (current) { current.records += group.length; current.bytes += bytes.length }
      this.onDurable(group.map((p) => p.record))
      for (const p of group) p.resolve()
    }
  }

  private async startSegment(): Promise<number> {
    // Appends get their seq when called, so records may be waiting for the next group write:
    // they belong to the new segment.
    const boundary = this.pending[0]?.record.seq ?? this.nextSeq
    const current = this.segments.at(-1)
    if (current && current.firstSeq === boundary) return boundary // the current segment is still empty
    await this.file.close()
    const path = segmentPath(this.dir, boundary)
    this.file = await this.fs.openAppend(path)
    await this.fs.syncDir(dirname(path))
    this.segments.push({ path, firstSeq: boundary, records: 0, bytes: 0 })
    return boundary
  }

  private fail(error: unknown, what: string): StorageError {
    this.failure = new StorageError(
      `Storage is read-only: could not ${what} (${errorMessage(error)}). Every acknowledged commit is safe; ` +
      'later commits are refused. Fix the disk (space, permissions) and restart Routedesk.',
      error,
    )
    this.onFailure(this.failure)
    return this.failure
  }

  private rejectAll(error: StorageError): void {
    for (const p of this.pending.splice(0)) p.reject(error)
    for (const w of this.rotations.splice(0)) w.reject(error)
  }

  private settleDrains(): void {
    for (const d of this.drains.splice(0)) d.resolve()
  }
}

/** Frees a file a step at a time (truncate + fdatasync), then unlinks it, so no single step is big. */
async function releaseGradually(path: string): Promise<void> {
  const handle = await openFile(path, 'r+')
  try {
    let size = (await handle.stat()).size
    while (size > 0) {
      size = Math.max(0, size - RELEASE_STEP_BYTES)
      await handle.truncate(size)
      await handle.datasync()
    }
  } finally {
    await handle.close()
  }
  await unlink(path)
}

/** Segments a crash left half-released (already covered by a snapshot when they were renamed). */
async function releaseDiscardedSegments(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (name.startsWith('journal-') && name.endsWith(DISCARDED_SUFFIX)) await releaseGradually(join(dir, name))
  }
}
