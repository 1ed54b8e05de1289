import type { CommitBatch } from '../port'
import { crc32 } from './crc32'

/**
 * The journal's on-disk record: [u32 LE payload length][u32 LE crc32 of payload][payload], the
 * payload being the UTF-8 JSON `{"seq":N,"batch":{...}}`. The length lets a reader find the next
 * record; the CRC tells a complete record from a torn or damaged one.
 */
export const HEADER_BYTES = 8
/** Every payload starts with this; used to look for intact records after a damaged one. */
const PAYLOAD_PREFIX = Buffer.from('{"seq":')

export interface JournalRecord {
  seq: number
  /** The payload JSON text, handed to the worker as is (it parses it once). */
  payload: string
}

export function encodePayload(seq: number, batch: CommitBatch): string {
  return `{"seq":${seq},"batch":${JSON.stringify(batch)}}`
}

export function encodeRecord(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8')
  const header = Buffer.allocUnsafe(HEADER_BYTES)
  header.writeUInt32LE(body.length, 0)
  header.writeUInt32LE(crc32(body), 4)
  return Buffer.concat([header, body])
}

/** Why a record could not be read. */
export type DamageKind = 'short header' | 'short payload' | 'bad crc' | 'bad json'

export interface DecodedSegment {
  records: JournalRecord[]
  /** Where the intact prefix ends; equals the buffer length unless `damage` is set. */
  validBytes: number
  /** The first damaged record; nothing after it was read. */
  damage?: { offset: number; kind: DamageKind; intactRecordFollows: boolean }
}

/**
 * Reads records until the end or the first damaged one. For damage, reports whether an intact
 * record appears anywhere after it: a torn write only ever damages the tail, so an intact record
 * after the damage means the file was corrupted in the middle, not cut short by a crash.
 */
export function decodeSegment(buf: Buffer): DecodedSegment {
  const records: JournalRecord[] = []
  let offset = 0
  while (offset < buf.length) {
    const result = readRecordAt(buf, offset)
    if ('kind' in result) {
      return { records, validBytes: offset, damage: { offset, kind: result.kind, intactRecordFollows: intactRecordAfter(buf, offset + 1) } }
    }
    records.push(result.record)
    offset = result.next
  }
  return { records, validBytes: offset }
}

function readRecordAt(buf: Buffer, offset: number): { record: JournalRecord; next: number } | { kind: DamageKind } {
  if (buf.length - offset < HEADER_BYTES) return { kind: 'short header' }
  const length = buf.readUInt32LE(offset)
  const start = offset + HEADER_BYTES
  const end = start + length
  if (end > buf.length) return { kind: 'short payload' }
  if (crc32(buf, start, end) !== buf.readUInt32LE(offset + 4)) return { kind: 'bad crc' }
  const payload = buf.toString('utf8', start, end)
  let seq: unknown
  try {
    seq = (JSON.parse(payload) as { seq?: unknown }).seq
  } catch {
    return { kind: 'bad json' }
  }
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return { kind: 'bad json' }
  return { record: { seq, payload }, next: end }
}

/** Scans byte by byte for a header whose payload starts like ours and passes its CRC and JSON checks. */
function intactRecordAfter(buf: Buffer, from: number): boolean {
  let at = buf.indexOf(PAYLOAD_PREFIX, from + HEADER_BYTES)
  while (at !== -1) {
    const candidate = at - HEADER_BYTES
    if (!('kind' in readRecordAt(buf, candidate))) return true
    at = buf.indexOf(PAYLOAD_PREFIX, at + 1)
  }
  return false
}
