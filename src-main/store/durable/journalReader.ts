import { open, readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { StorageError } from '../port'
import { errorMessage } from '../sqljs/migrations'
import { decodeSegment } from './journalFormat'
import type { JournalRecord } from './journalFormat'

/** A journal segment file: `journal-<first seq, 16 digits>.log`. */
export interface Segment {
  path: string
  /** The seq of its first record (the next seq when it was created). */
  firstSeq: number
  records: number
  bytes: number
}

const SEGMENT_NAME = /^journal-(\d{16})\.log$/

export function segmentPath(dir: string, firstSeq: number): string {
  return join(dir, `journal-${String(firstSeq).padStart(16, '0')}.log`)
}

export async function listSegments(dir: string): Promise<Array<{ path: string; firstSeq: number }>> {
  const names = await readdir(dir)
  return names
    .map((name) => ({ name, match: SEGMENT_NAME.exec(name) }))
    .filter((n): n is { name: string; match: RegExpExecArray } => n.match !== null)
    .map(({ name, match }) => ({ path: join(dir, name), firstSeq: Number(match[1]) }))
    .sort((a, b) => a.firstSeq - b.firstSeq)
}

export interface JournalScan {
  segments: Segment[]
  /** The highest seq in the journal or `afterSeq`, whichever is larger. */
  lastSeq: number
  /** What recovery had to repair (a torn final record), for stats() and health. */
  warnings: string[]
}

/**
 * Reads every segment in order and hands the records with seq > `afterSeq` (those the snapshot
 * does not contain) to `onRecords`, one segment at a time so a large journal is never all in
 * memory. A damaged last record of the last segment is what a crash mid-write leaves: it was
 * never acknowledged, so it is cut off (and the cut fsynced) with a warning. Any other damage,
 * or a gap in the sequence, means acknowledged data may be missing: that throws StorageError and
 * leaves every file as it is, for a human to look at.
 */
export async function scanJournal(dir: string, afterSeq: number, onRecords: (records: JournalRecord[]) => void): Promise<JournalScan> {
  const files = await listSegments(dir)
  const segments: Segment[] = []
  const warnings: string[] = []
  let expected = afterSeq + 1
  let lastSeq = afterSeq
  for (const [index, file] of files.entries()) {
    const buf = await readFile(file.path)
    const decoded = decodeSegment(buf)
    if (decoded.damage) {
      const { offset, kind, intactRecordFollows } = decoded.damage
      const isLast = index === files.length - 1
      if (!isLast || intactRecordFollows) {
        throw new StorageError(
          `Journal ${file.path} is corrupt at byte ${offset} (${kind}) and ${isLast ? 'intact records follow it' : 'later segments follow it'}; ` +
          'acknowledged writes may be damaged, so Routedesk will not start from this data directory. No file was changed.',
        )
      }
      await truncateDurably(file.path, decoded.validBytes)
      warnings.push(`Ignored a torn final journal record in ${file.path} (${kind} at byte ${offset}, ${buf.length - offset} bytes cut off): a write interrupted by a crash, never acknowledged.`)
    }
    const fresh: JournalRecord[] = []
    for (const record of decoded.records) {
      if (record.seq < file.firstSeq) {
        throw new StorageError(`Journal ${file.path} holds record ${record.seq}, before its first seq ${file.firstSeq}; the journal is inconsistent. No file was changed.`)
      }
      if (record.seq <= afterSeq) continue
      if (record.seq !== expected) {
        throw new StorageError(
          `Journal record ${expected} is missing (found ${record.seq} in ${file.path}; the snapshot covers up to ${afterSeq}). ` +
          'The snapshot file or a journal segment was lost; Routedesk will not start with a hole in its history. No file was changed.',
        )
      }
      expected++
      fresh.push(record)
    }
    if (fresh.length > 0) onRecords(fresh)
    lastSeq = Math.max(lastSeq, decoded.records.at(-1)?.seq ?? 0)
    segments.push({ path: file.path, firstSeq: file.firstSeq, records: decoded.records.length, bytes: decoded.validBytes })
  }
  return { segments, lastSeq, warnings }
}

async function truncateDurably(path: string, length: number): Promise<void> {
  try {
    const handle = await open(path, 'r+')
    try {
      await handle.truncate(length)
      await handle.datasync()
    } finally {
      await handle.close()
    }
  } catch (error) {
    throw new StorageError(`Cannot cut the torn final record off ${path}: ${errorMessage(error)}`, error)
  }
}
