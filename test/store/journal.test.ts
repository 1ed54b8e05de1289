import { readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import { crc32 } from '../../src-main/store/durable/crc32'
import type { JournalFile, JournalFs } from '../../src-main/store/durable/fileSystem'
import { nodeJournalFs } from '../../src-main/store/durable/fileSystem'
import { HEADER_BYTES, decodeSegment, encodePayload, encodeRecord } from '../../src-main/store/durable/journalFormat'
import { scanJournal, segmentPath } from '../../src-main/store/durable/journalReader'
import { JournalWriter } from '../../src-main/store/durable/journalWriter'
import type { CommitBatch } from '../../src-main/store/port'
import { StorageError } from '../../src-main/store/port'
import { event, sid, worker } from './helpers/fixtures'
import { sourceWorkerEntry } from './helpers/sourceWorker'
import { tempDirs } from './helpers/tempDir'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const WS = sid('WS', 1)
const batch = (n: number): CommitBatch => ({ changes: [{ op: 'put', table: 'workers', row: worker(n, WS) }], events: [event(n, WS)] })
const record = (seq: number): Buffer => encodeRecord(encodePayload(seq, batch(seq)))
const segment = (...seqs: number[]): Buffer => Buffer.concat(seqs.map(record))

describe('crc32', () => {
  it.each([
    ['', 0],
    ['123456789', 0xcbf43926], // the standard check value
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('crc32(%j) = %i', (text, expected) => {
    expect(crc32(Buffer.from(text))).toBe(expected)
  })
})

describe('journal record format', () => {
  it('round-trips records: length, crc, JSON payload', () => {
    const buf = segment(1, 2, 3)
    expect(buf.readUInt32LE(0)).toBe(buf.length / 3 - HEADER_BYTES) // same-size records here
    const decoded = decodeSegment(buf)
    expect(decoded.damage).toBeUndefined()
    expect(decoded.records.map((r) => r.seq)).toEqual([1, 2, 3])
    expect(JSON.parse(decoded.records[1]?.payload ?? '')).toEqual({ seq: 2, batch: batch(2) })
  })

  const three = segment(1, 2, 3)
  const secondStart = record(1).length
  const thirdStart = secondStart + record(2).length
  const flip = (buf: Buffer, at: number): Buffer => { const copy = Buffer.from(buf); copy[at] = (copy[at] ?? 0) ^ 0xff; return copy }
  const withJunkJson = (): Buffer => {
    const body = Buffer.from('{"seq":3,"batch":{not json')
    const header = Buffer.alloc(HEADER_BYTES)
    header.writeUInt32LE(body.length, 0)
    header.writeUInt32LE(crc32(body), 4)
    return Buffer.concat([segment(1, 2), header, body])
  }
  it.each([
    { name: 'a header cut short', buf: three.subarray(0, thirdStart + 5), kind: 'short header', at: thirdStart, follows: false },
    { name: 'a payload cut short', buf: three.subarray(0, three.length - 1), kind: 'short payload', at: thirdStart, follows: false },
    { name: 'a flipped payload byte in the last record', buf: flip(three, three.length - 3), kind: 'bad crc', at: thirdStart, follows: false },
    { name: 'a zero-filled tail', buf: Buffer.concat([segment(1, 2), Buffer.alloc(300)]), kind: 'bad json', at: thirdStart, follows: false },
    { name: 'a valid crc over invalid JSON', buf: withJunkJson(), kind: 'bad json', at: thirdStart, follows: false },
    { name: 'a flipped payload byte in a middle record', buf: flip(three, secondStart + 20), kind: 'bad crc', at: secondStart, follows: true },
    { name: 'a flipped length in a middle record', buf: flip(three, secondStart + 2), kind: 'short payload', at: secondStart, follows: true },
  ])('detects $name', ({ buf, kind, at, follows }) => {
    const decoded = decodeSegment(buf)
    expect(decoded.damage).toEqual({ offset: at, kind, intactRecordFollows: follows })
    expect(decoded.validBytes).toBe(at)
    expect(decoded.records.length).toBe(at === secondStart ? 1 : 2)
  })
})

describe('journal recovery', () => {
  const open = (dataDir: string): ReturnType<typeof openDurableStore> => openDurableStore({ dataDir, workerEntry: sourceWorkerEntry() })

  it('ignores a torn final record, cuts it off, warns, and keeps everything before it', async () => {
    const dir = await dirs.make()
    const path = segmentPath(dir, 1)
    const good = segment(1, 2)
    await writeFile(path, Buffer.concat([good, record(3).subarray(0, 20)]))
    const store = await open(dir)
    expect((await store.load()).workers).toEqual([worker(1, WS), worker(2, WS)])
    expect(store.health()).toMatchObject({ state: 'ok', message: expect.stringMatching(/torn final journal record/) })
    expect(store.stats().warnings).toHaveLength(1)
    expect((await stat(path)).size).toBe(good.length)
    // The torn record's seq is reused by the next commit, and nothing is lost across a reopen.
    await store.commit(batch(3))
    await store.close()
    const again = await open(dir)
    expect((await again.load()).workers.map((w) => w.sid)).toEqual([1, 2, 3].map((n) => sid('WK', n)))
    expect(again.health()).toEqual({ state: 'ok', message: null })
    await again.close()
  })

  it.each([
    { name: 'a damaged record followed by intact ones', files: (): Array<[number, Buffer]> => [[1, Buffer.concat([record(1), Buffer.from(record(2)).fill(7, 12, 30), record(3)])]], message: /corrupt at byte \d+ \(bad crc\) and intact records follow/ },
    { name: 'a damaged tail in a segment that is not the last', files: (): Array<[number, Buffer]> => [[1, Buffer.concat([record(1), record(2).subarray(0, 10)])], [3, record(3)]], message: /corrupt at byte \d+ \(short payload\) and later segments follow/ },
    { name: 'a gap in the sequence', files: (): Array<[number, Buffer]> => [[1, segment(1, 2, 4)]], message: /record 3 is missing/ },
    { name: 'a journal that starts after a missing snapshot', files: (): Array<[number, Buffer]> => [[5, segment(5, 6)]], message: /record 1 is missing .*snapshot covers up to 0/ },
  ])('refuses to start on $name, changing no file', async ({ files, message }) => {
    const dir = await dirs.make()
    const written = files()
    for (const [first, buf] of written) await writeFile(segmentPath(dir, first), buf)
    const opening = open(dir)
    await expect(opening).rejects.toBeInstanceOf(StorageError)
    await expect(opening).rejects.toThrow(message)
    for (const [first, buf] of written) expect(await readFile(segmentPath(dir, first))).toEqual(buf)
    expect(await readdir(dir)).toHaveLength(written.length)
  })

  it('replays only the records after the snapshot, across segments', async () => {
    const dir = await dirs.make()
    await writeFile(segmentPath(dir, 1), segment(1, 2))
    await writeFile(segmentPath(dir, 3), segment(3))
    const replayed: number[] = []
    const scan = await scanJournal(dir, 1, (records) => replayed.push(...records.map((r) => r.seq)))
    expect(replayed).toEqual([2, 3])
    expect(scan.lastSeq).toBe(3)
    expect(scan.segments.map((s) => [s.firstSeq, s.records])).toEqual([[1, 2], [3, 1]])
  })

  it('snapshots delete the journal segments they cover', async () => {
    const dir = await dirs.make()
    const store = await openDurableStore({ dataDir: dir, workerEntry: sourceWorkerEntry(), snapshotEveryRecords: 1_000_000 })
    for (let n = 1; n <= 5; n++) await store.commit(batch(n))
    expect(store.stats()).toMatchObject({ journalRecords: 5, snapshotSeq: 0 })
    await store.snapshot()
    expect(store.stats()).toMatchObject({ journalRecords: 0, journalSegments: 1, snapshotSeq: 5, snapshots: 1 })
    expect((await readdir(dir)).sort()).toEqual([`journal-${'6'.padStart(16, '0')}.log`, 'routedesk.sqlite'])
    await store.close()
  })

  it('takes a snapshot by itself once the journal reaches snapshotEveryRecords', async () => {
    const dir = await dirs.make()
    const store = await openDurableStore({ dataDir: dir, workerEntry: sourceWorkerEntry(), snapshotEveryRecords: 10 })
    for (let n = 1; n <= 25; n++) await store.commit(batch(n))
    await expect.poll(() => store.stats().snapshots).toBeGreaterThanOrEqual(2)
    expect(store.stats().journalRecords).toBeLessThan(25)
    await store.close()
  })
})

/** A journal file system whose fdatasync waits until released, to observe grouping. */
function gatedFs(): { fs: JournalFs; appends: number[]; release: () => void } {
  const appends: number[] = []
  let gate: (() => void) | null = null
  const fs: JournalFs = {
    async openAppend(path: string): Promise<JournalFile> {
      const real = await nodeJournalFs.openAppend(path)
      return {
        append: async (data) => { appends.push(decodeSegment(Buffer.from(data)).records.length); await real.append(data) },
        datasync: async () => { await new Promise<void>((resolve) => { gate = resolve }); await real.datasync() },
        close: () => real.close(),
      }
    },
    syncDir: nodeJournalFs.syncDir,
  }
  return { fs, appends, release: () => { const g = gate; gate = null; g?.() } }
}

describe('JournalWriter', () => {
  it('group-commits: appends arriving during an fsync share the next write, and each resolves only after its fsync', async () => {
    const dir = await dirs.make()
    const { fs, appends, release } = gatedFs()
    const durable: number[] = []
    const writer = await JournalWriter.open({ dir, fs, nextSeq: 1, existing: [], onDurable: (r) => durable.push(...r.map((x) => x.seq)), onFailure: () => undefined })
    const settled: number[] = []
    const first = writer.append(batch(1)).then(() => settled.push(1))
    await new Promise((r) => setTimeout(r, 20))
    const rest = [2, 3, 4, 5].map((n) => writer.append(batch(n)).then(() => settled.push(n)))
    await new Promise((r) => setTimeout(r, 20))
    expect(settled).toEqual([]) // nothing acknowledged before its fsync
    release()
    await first
    await new Promise((r) => setTimeout(r, 20))
    expect(settled).toEqual([1])
    release()
    await Promise.all(rest)
    expect(appends).toEqual([1, 4])
    expect(durable).toEqual([1, 2, 3, 4, 5])
    expect(settled).toEqual([1, 2, 3, 4, 5])
    await writer.close()
  })

  it('rotation puts waiting appends into the new segment and reports the boundary', async () => {
    const dir = await dirs.make()
    const { fs, release } = gatedFs()
    const writer = await JournalWriter.open({ dir, fs, nextSeq: 1, existing: [], onDurable: () => undefined, onFailure: () => undefined })
    const one = writer.append(batch(1))
    await new Promise((r) => setTimeout(r, 20))
    const two = writer.append(batch(2)) // waits behind the in-flight fsync of record 1
    const boundary = writer.rotate()
    release()
    await one
    expect(await boundary).toBe(2)
    await new Promise((r) => setTimeout(r, 20))
    release()
    await two
    expect(decodeSegment(await readFile(segmentPath(dir, 1))).records.map((r) => r.seq)).toEqual([1])
    expect(decodeSegment(await readFile(segmentPath(dir, 2))).records.map((r) => r.seq)).toEqual([2])
    await writer.removeCoveredBy(1)
    expect(await readdir(dir)).toEqual([`journal-${'2'.padStart(16, '0')}.log`])
    await writer.close()
  })

  it('releases a segment a crash left half-removed (renamed out of the journal) when it opens next', async () => {
    const dir = await dirs.make()
    const leftover = `${segmentPath(dir, 1)}.discard`
    await writeFile(leftover, Buffer.alloc(9 * 1024 * 1024, 7))
    const writer = await JournalWriter.open({ dir, fs: nodeJournalFs, nextSeq: 5, existing: [], onDurable: () => undefined, onFailure: () => undefined })
    expect(await readdir(dir)).toEqual([`journal-${'5'.padStart(16, '0')}.log`])
    await writer.close()
  })
})
