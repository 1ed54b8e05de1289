import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import type { JournalFile, JournalFs } from '../../src-main/store/durable/fileSystem'
import { nodeJournalFs } from '../../src-main/store/durable/fileSystem'
import type { CommitBatch } from '../../src-main/store/port'
import { StorageError } from '../../src-main/store/port'
import { event, sid, worker } from './helpers/fixtures'
import { sourceWorkerEntry } from './helpers/sourceWorker'
import { tempDirs } from './helpers/tempDir'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const WS = sid('WS', 1)
const batch = (n: number): CommitBatch => ({ changes: [{ op: 'put', table: 'workers', row: worker(n, WS) }], events: [event(n, WS)] })

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected failure`), { code })
}

type Operation = 'append' | 'datasync' | 'openAppend'

/** The real journal file system, until `arm()`: then `operation` throws `code` every time. */
function failingFs(operation: Operation, code: string): { fs: JournalFs; arm: () => void } {
  let armed = false
  const check = (op: Operation): void => { if (armed && op === operation) throw errno(code) }
  const fs: JournalFs = {
    async openAppend(path: string): Promise<JournalFile> {
      check('openAppend')
      const real = await nodeJournalFs.openAppend(path)
      return {
        append: async (data) => { check('append'); await real.append(data) },
        datasync: async () => { check('datasync'); await real.datasync() },
        close: () => real.close(),
      }
    },
    syncDir: nodeJournalFs.syncDir,
  }
  return { fs, arm: () => { armed = true } }
}

describe('durable store under write failures', () => {
  it.each([
    { operation: 'append' as const, code: 'ENOSPC' },
    { operation: 'datasync' as const, code: 'EIO' },
    { operation: 'append' as const, code: 'EROFS' },
  ])('$code on $operation: the commit and its group reject, the store turns read-only, acknowledged data survives', async ({ operation, code }) => {
    const dir = await dirs.make()
    const { fs, arm } = failingFs(operation, code)
    const store = await openDurableStore({ dataDir: dir, workerEntry: sourceWorkerEntry(), journalFs: fs })
    await store.commit(batch(1))
    await store.commit(batch(2))

    arm()
    const grouped = await Promise.allSettled([store.commit(batch(3)), store.commit(batch(4)), store.commit(batch(5))])
    for (const result of grouped) {
      expect(result.status).toBe('rejected')
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(StorageError)
    }
    expect(store.health()).toEqual({ state: 'read-only', message: expect.stringContaining(code) })
    expect(store.health().message).toMatch(/Storage is read-only/)

    // Later commits are refused even if the disk recovered; reads still work.
    await expect(store.commit(batch(6))).rejects.toThrow(/read-only/)
    await expect(store.snapshot()).rejects.toBeInstanceOf(StorageError)
    expect((await store.load()).workers.map((w) => w.sid)).toEqual([sid('WK', 1), sid('WK', 2)])
    await store.close()

    const reopened = await openDurableStore({ dataDir: dir, workerEntry: sourceWorkerEntry() })
    const workers = (await reopened.load()).workers.map((w) => w.sid)
    expect(workers.slice(0, 2)).toEqual([sid('WK', 1), sid('WK', 2)])
    // A record whose fsync failed may or may not have reached the disk; one that was never written cannot be there.
    if (operation === 'append') expect(workers).toHaveLength(2)
    expect(reopened.health().state).toBe('ok')
    await reopened.close()
  })

  it('a data directory whose journal cannot be created is refused at open with a clear StorageError', async () => {
    const dir = await dirs.make()
    const { fs, arm } = failingFs('openAppend', 'EROFS')
    arm()
    const opening = openDurableStore({ dataDir: dir, workerEntry: sourceWorkerEntry(), journalFs: fs })
    await expect(opening).rejects.toBeInstanceOf(StorageError)
    await expect(opening).rejects.toThrow(/Cannot write the journal in .*EROFS.*data directory must be writable/)
  })

  it('a data directory that cannot be created is refused at open', async () => {
    const dir = await dirs.make()
    await writeFile(join(dir, 'a-file'), 'x')
    const opening = openDurableStore({ dataDir: join(dir, 'a-file', 'data'), workerEntry: sourceWorkerEntry() })
    await expect(opening).rejects.toBeInstanceOf(StorageError)
    await expect(opening).rejects.toThrow(/data directory .* cannot be created or written \(ENOTDIR/)
  })
})
