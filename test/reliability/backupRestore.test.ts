import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import { createMemoryStore } from '../../src-main/store/memoryStore'
import type { EngineStore } from '../../src-main/store/port'
import { sourceWorkerEntry } from '../store/helpers/sourceWorker'

/**
 * Issue 11, backup and restore through the product: `system.backup` while Routedesk runs, then
 * the `restore` command line (the built out/main/restore.js) on a stopped data folder.
 */

/** Next to RD_SERVE_JS when a test run points at another build (see e2e/support/harness.ts). */
const RESTORE_JS = process.env.RD_SERVE_JS ? join(dirname(process.env.RD_SERVE_JS), 'restore.js') : resolve(import.meta.dirname, '../../out/main/restore.js')
const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-backup-'))
  dirs.push(dir)
  return dir
}

function api(store: EngineStore, dataDir: string, engine = new Engine({ clock: new FakeClock(Date.parse('2026-11-22T08:30:00Z')) })) {
  const dispatch = createDispatch({ engine, store, bus: new EventBus(), info: { version: 'test', mode: 'headless', dataDir } })
  return async <T>(method: string, input: unknown = {}): Promise<T> => {
    const result = await dispatch(method as never, input)
    if (!result.ok) throw Object.assign(new Error(result.error.message), { apiError: result.error })
    return result.data as T
  }
}

describe('backup and restore', () => {
  it('backs up a running store into <data>/backups, lists it, and the restore command brings that state back', async () => {
    const dataDir = tempDir()
    const store = await openDurableStore({ dataDir, workerEntry: sourceWorkerEntry() })
    const call = api(store, dataDir)
    const workspace = await call<{ sid: string }>('workspaces.create', { friendly_name: 'Backed up' })
    await call('workers.create', { workspace_sid: workspace.sid, friendly_name: 'kept-by-backup' })

    const backup = await call<{ path: string; file_name: string; bytes: number }>('system.backup')
    expect(backup.path).toBe(join(dataDir, 'backups', backup.file_name))
    expect(backup.file_name).toBe('routedesk-backup-2026-11-22T08-30-00-000Z.sqlite')
    expect(await call('system.listBackups')).toEqual([expect.objectContaining({ file_name: backup.file_name, bytes: backup.bytes })])

    await call('workers.create', { workspace_sid: workspace.sid, friendly_name: 'after-the-backup' })
    await store.close()

    if (!existsSync(RESTORE_JS)) throw new Error(`${RESTORE_JS} is missing: build first (npm run build)`)
    const restored = spawnSync(process.execPath, [RESTORE_JS, '--data', dataDir, '--from', backup.path], { encoding: 'utf8' })
    expect(restored.stderr).toBe('')
    expect(restored.status).toBe(0)
    expect(restored.stdout).toMatch(/Restored .* into .*\nThe previous data was moved to .*before-restore-/)

    const reopened = await openDurableStore({ dataDir, workerEntry: sourceWorkerEntry() })
    const state = await reopened.load()
    expect(state.workers.map((worker) => worker.friendly_name)).toEqual(['kept-by-backup'])
    await reopened.close()
  })

  it('the restore command refuses a file that is not a backup, with a message and exit code 1', () => {
    if (!existsSync(RESTORE_JS)) throw new Error(`${RESTORE_JS} is missing: build first (npm run build)`)
    const result = spawnSync(process.execPath, [RESTORE_JS, '--data', tempDir(), '--from', join(tempDir(), 'nothing-here.sqlite')], { encoding: 'utf8' })
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/restore: Cannot read the backup/)
  })

  it('an in-memory Routedesk answers system.backup with a clear 503', async () => {
    const call = api(createMemoryStore(), tempDir())
    await expect(call('system.backup')).rejects.toMatchObject({ apiError: { code: 20503, message: expect.stringMatching(/memory only/) } })
    expect(await call('system.listBackups')).toEqual([])
  })
})
