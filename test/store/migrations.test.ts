import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tableNames } from '../../src-main/engine/model'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import { NewerDatabaseError, StorageError } from '../../src-main/store/port'
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from '../../src-main/store/sqljs/migrations'
import type { Migration } from '../../src-main/store/sqljs/migrations'
import { SqljsDatabase, loadSqlJs } from '../../src-main/store/sqljs/sqljsDatabase'
import { event, sid, worker } from './helpers/fixtures'
import { sourceWorkerEntry } from './helpers/sourceWorker'
import { tempDirs } from './helpers/tempDir'

const dirs = tempDirs()
afterEach(() => dirs.cleanup())

async function rawDatabaseBytes(userVersion: number): Promise<Uint8Array> {
  const SQL = await loadSqlJs()
  const db = new SQL.Database()
  db.run('CREATE TABLE t (x)')
  db.run(`PRAGMA user_version = ${userVersion}`)
  const bytes = db.export()
  db.close()
  return bytes
}

describe('migrations', () => {
  it('bring a fresh database to the latest schema: a table per engine table, events, meta, the webhook outbox', async () => {
    const SQL = await loadSqlJs()
    const db = new SQL.Database()
    expect(migrate(db)).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION })
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    const tables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]?.values.map((r) => r[0])
    expect(tables).toEqual([...tableNames, 'events', 'meta', 'deliveries'].sort())
    expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION }) // idempotent
    db.close()
  })

  it('run only the steps after the recorded version, each recorded in user_version', async () => {
    const SQL = await loadSqlJs()
    const db = new SQL.Database()
    const ran: number[] = []
    const list: Migration[] = [() => ran.push(1), () => ran.push(2), () => ran.push(3)]
    migrate(db, list.slice(0, 1))
    expect(migrate(db, list)).toEqual({ from: 1, to: 3 })
    expect(ran).toEqual([1, 2, 3])
    expect(schemaVersion(db)).toBe(3)
  })

  it('roll a failing step back entirely, leaving the version where it was', async () => {
    const SQL = await loadSqlJs()
    const db = new SQL.Database()
    const list: Migration[] = [
      (d) => d.run('CREATE TABLE a (x)'),
      (d) => { d.run('CREATE TABLE b (x)'); throw new Error('boom') },
    ]
    expect(() => migrate(db, list)).toThrow(/Migration 2 failed: boom/)
    expect(schemaVersion(db)).toBe(1)
    expect(db.exec("SELECT name FROM sqlite_master WHERE name = 'b'")).toEqual([])
  })

  it('refuse a database from a newer Routedesk, naming both versions', async () => {
    const bytes = await rawDatabaseBytes(LATEST_SCHEMA_VERSION + 1)
    const opening = SqljsDatabase.open(bytes)
    await expect(opening).rejects.toBeInstanceOf(NewerDatabaseError)
    await expect(opening).rejects.toThrow(`schema version ${LATEST_SCHEMA_VERSION + 1}, but this Routedesk only knows schema versions up to ${LATEST_SCHEMA_VERSION}`)
  })

  it('the durable store refuses a newer snapshot the same way, and leaves the file alone', async () => {
    const dir = await dirs.make()
    const bytes = await rawDatabaseBytes(LATEST_SCHEMA_VERSION + 7)
    await writeFile(join(dir, 'routedesk.sqlite'), bytes)
    const opening = openDurableStore({ dataDir: dir, workerEntry: sourceWorkerEntry() })
    await expect(opening).rejects.toBeInstanceOf(NewerDatabaseError)
    await expect(opening).rejects.toThrow(/schema version \d+, but this Routedesk only knows schema versions up to \d+/)
    expect(new Uint8Array(await readFile(join(dir, 'routedesk.sqlite')))).toEqual(bytes)
  })
})

describe('SqljsDatabase', () => {
  it('keeps working after export(), which frees prepared statements', async () => {
    const db = await SqljsDatabase.open()
    const ws = sid('WS', 1)
    db.apply({ changes: [{ op: 'put', table: 'workers', row: worker(1, ws) }], events: [event(1, ws)] }, 1)
    const first = db.export()
    db.apply({ changes: [{ op: 'put', table: 'workers', row: worker(2, ws) }], events: [event(2, ws)] }, 2)
    db.export()
    db.apply({ changes: [{ op: 'delete', table: 'workers', sid: sid('WK', 1) }], events: [] }, 3)
    expect(db.loadState().workers).toEqual([worker(2, ws)])
    expect(db.journalSeq()).toBe(3)

    const reopened = await SqljsDatabase.open(first)
    expect(reopened.loadState().workers).toEqual([worker(1, ws)])
    expect(reopened.journalSeq()).toBe(1)
  })

  it('applies a batch all-or-nothing', async () => {
    const db = await SqljsDatabase.open()
    const ws = sid('WS', 1)
    const bad = { op: 'put', table: 'no_such_table', row: worker(2, ws) } as never
    expect(() => db.apply({ changes: [{ op: 'put', table: 'workers', row: worker(1, ws) }, bad], events: [event(1, ws)] }, 1)).toThrow(StorageError)
    expect(db.loadState().workers).toEqual([])
    expect(db.queryEvents({ workspace_sid: ws })).toEqual([])
    expect(db.journalSeq()).toBe(0)
  })

  it.each([
    ['an empty file', new Uint8Array(0)],
    ['a file that is not SQLite', new TextEncoder().encode('definitely not a database, just some text that is long enough')],
  ])('refuses %s instead of starting empty', async (_name, bytes) => {
    await expect(SqljsDatabase.open(bytes)).rejects.toThrow(/Not a SQLite database/)
  })

  it('the durable store refuses an unreadable snapshot with StorageError and keeps the file', async () => {
    const dir = await dirs.make()
    await mkdir(dir, { recursive: true })
    const good = await SqljsDatabase.open()
    const bytes = good.export()
    bytes.fill(0x5a, 100, bytes.length) // keep the header, wreck the pages
    await writeFile(join(dir, 'routedesk.sqlite'), bytes)
    const opening = openDurableStore({ dataDir: dir, workerEntry: sourceWorkerEntry() })
    await expect(opening).rejects.toBeInstanceOf(StorageError)
    await expect(opening).rejects.toThrow(/snapshot .*routedesk\.sqlite is unreadable/)
    expect(new Uint8Array(await readFile(join(dir, 'routedesk.sqlite')))).toEqual(bytes)
  })
})
