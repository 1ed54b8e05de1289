import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import { restoreBackup } from '../../src-main/store/durable/restore'
import type { CommitBatch } from '../../src-main/store/port'
import { StorageError } from '../../src-main/store/port'
import { event, sid, worker, workspace } from './helpers/fixtures'
import { sourceWorkerEntry } from './helpers/sourceWorker'
import { tempDirs } from './helpers/tempDir'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

const WS = sid('WS', 1)
const batch = (n: number): CommitBatch => ({ changes: [{ op: 'put', table: 'workers', row: worker(n, WS) }], events: [event(n, WS)] })
const open = (dataDir: string) => openDurableStore({ dataDir, workerEntry: sourceWorkerEntry(), snapshotEveryRecords: 25 })

describe('online backup and restore (issue 11)', () => {
  it('a backup taken under write load holds every commit acknowledged before it, whole batches only; restore brings exactly that back', async () => {
    const dataDir = await dirs.make()
    const backupDir = await dirs.make()
    const store = await open(dataDir)
    await store.commit({ changes: [{ op: 'put', table: 'workspaces', row: workspace(1) }], events: [] })
    for (let n = 1; n <= 40; n++) await store.commit(batch(n))

    // Commits keep going while the backup runs; the copy must hold 1..40 and a prefix of the rest.
    const inFlight = Array.from({ length: 40 }, (_, i) => store.commit(batch(41 + i)))
    const backupPath = join(backupDir, 'routedesk-backup.sqlite')
    const result = await store.backup(backupPath)
    await Promise.all(inFlight)
    for (let n = 81; n <= 90; n++) await store.commit(batch(n))
    await store.close()
    expect(result).toMatchObject({ path: backupPath })
    expect(result.bytes).toBeGreaterThan(0)
    expect(readdirSync(backupDir)).toEqual(['routedesk-backup.sqlite'])

    const restored = await restoreBackup(dataDir, backupPath, new Date('2026-11-22T10:00:00Z'))
    expect(restored.previousDataMovedTo).toBe(join(dataDir, 'before-restore-2026-11-22T10-00-00-000Z'))
    expect(readdirSync(restored.previousDataMovedTo!)).toContain('routedesk.sqlite')

    const reopened = await open(dataDir)
    const workers = (await reopened.load()).workers.map((row) => Number.parseInt(row.sid.slice(2), 16))
    expect(workers.slice(0, 40)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    // A prefix: no gaps (no half-applied group), nothing after the backup's own point.
    expect(workers).toEqual(Array.from({ length: workers.length }, (_, i) => i + 1))
    expect(workers.length).toBeLessThanOrEqual(80)
    expect((await reopened.queryEvents({ workspace_sid: WS })).length).toBe(workers.length)
    // The restored store takes new writes and keeps them.
    await reopened.commit(batch(500))
    await reopened.close()
    const again = await open(dataDir)
    expect((await again.load()).workers.at(-1)?.sid).toBe(sid('WK', 500))
    await again.close()
  })

  it.each([
    ['an unreadable file', (path: string) => writeFileSync(path, 'not a database at all')],
    ['a missing file', (_path: string) => undefined],
  ])('refuses %s with a StorageError and leaves the data folder untouched', async (_label, prepare) => {
    const dataDir = await dirs.make()
    const store = await open(dataDir)
    await store.commit(batch(1))
    await store.close()
    const before = readdirSync(dataDir).sort()
    const bad = join(await dirs.make(), 'bad.sqlite')
    prepare(bad)

    await expect(restoreBackup(dataDir, bad)).rejects.toBeInstanceOf(StorageError)
    expect(readdirSync(dataDir).sort()).toEqual(before)
    const reopened = await open(dataDir)
    expect((await reopened.load()).workers).toHaveLength(1)
    await reopened.close()
  })

  it('restores into an empty folder (a new machine) without moving anything aside', async () => {
    const source = await dirs.make()
    const store = await open(source)
    await store.commit(batch(7))
    const path = join(await dirs.make(), 'copy.sqlite')
    await store.backup(path)
    await store.close()

    const target = join(await dirs.make(), 'fresh')
    const result = await restoreBackup(target, path)
    expect(result.previousDataMovedTo).toBeNull()
    expect(existsSync(join(target, 'routedesk.sqlite'))).toBe(true)
    const reopened = await open(target)
    expect((await reopened.load()).workers.map((row) => row.sid)).toEqual([sid('WK', 7)])
    await reopened.close()
  })
})
