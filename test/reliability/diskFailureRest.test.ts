import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import { nodeJournalFs, type JournalFs } from '../../src-main/store/durable/fileSystem'
import { sourceWorkerEntry } from '../store/helpers/sourceWorker'
import { basicAuth, startTestServer } from '../server/helpers'

/**
 * Issue 11: a full disk or a read-only data folder, seen through the REST API. Writes are
 * refused with a clear 503 TaskRouter error, reads keep working, nothing acknowledged is lost,
 * and the refused write is not half-applied in memory.
 */

const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

/** node:fs for the journal until armed, then every append fails with `code`. */
function failingAppends(code: string): { fs: JournalFs; arm: () => void } {
  let armed = false
  return {
    arm: () => (armed = true),
    fs: {
      syncDir: nodeJournalFs.syncDir,
      async openAppend(path) {
        const real = await nodeJournalFs.openAppend(path)
        return {
          append: async (data) => {
            if (armed) throw Object.assign(new Error(`${code}: injected`), { code })
            await real.append(data)
          },
          datasync: () => real.datasync(),
          close: () => real.close(),
        }
      },
    },
  }
}

describe.each(['ENOSPC', 'EROFS'])('REST when the data folder fails with %s', (code) => {
  it('refuses writes with 503 and a clear message, keeps reads, and loses nothing acknowledged', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rd-diskfull-'))
    dirs.push(dataDir)
    const { fs, arm } = failingAppends(code)
    const store = await openDurableStore({ dataDir, workerEntry: sourceWorkerEntry(), journalFs: fs })
    const server = await startTestServer({ store })
    const rest = (path: string, form?: Record<string, string>): Promise<Response> =>
      fetch(`${server.origin}/v1${path}`, {
        method: form ? 'POST' : 'GET',
        headers: { Authorization: basicAuth, ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
        body: form ? new URLSearchParams(form).toString() : undefined,
      })
    try {
      const workspace = (await (await rest('/Workspaces', { FriendlyName: 'Before the disk filled' })).json()) as { sid: string }
      expect((await rest(`/Workspaces/${workspace.sid}/Workers`, { FriendlyName: 'kept' })).status).toBe(201)

      arm()
      const refused = await rest(`/Workspaces/${workspace.sid}/Workers`, { FriendlyName: 'lost-if-acknowledged' })
      expect(refused.status).toBe(503)
      const error = (await refused.json()) as { code: number; message: string; status: number }
      expect(error).toMatchObject({ code: 20503, status: 503 })
      expect(error.message).toMatch(/read-only|cannot be written|storage/i)
      expect(error.message).toContain(code)

      // Still refused afterwards (even a different write), and reads still answer from memory
      // that matches the disk: the refused worker is not there.
      expect((await rest(`/Workspaces/${workspace.sid}`, { FriendlyName: 'renamed' })).status).toBe(503)
      const list = (await (await rest(`/Workspaces/${workspace.sid}/Workers`)).json()) as { workers: { sid: string; friendly_name: string }[] }
      expect(list.workers.map((w) => w.friendly_name)).toEqual(['kept'])
      expect((await rest(`/Workspaces/${workspace.sid}`)).status).toBe(200)
    } finally {
      await server.close()
      await store.close()
    }

    const reopened = await openDurableStore({ dataDir, workerEntry: sourceWorkerEntry() })
    const stored = await reopened.load()
    expect(stored.workers.map((w) => w.friendly_name)).toEqual(['kept'])
    expect(stored.workspaces.map((w) => w.friendly_name)).toEqual(['Before the disk filled'])
    await reopened.close()
  })
})
