import initSqlJs from 'sql.js'
import type { BindParams, Database, SqlJsStatic, Statement } from 'sql.js'
import type { DomainEvent } from '../../contract/resources'
import { tableNames } from '../../engine/model'
import type { StoredState, TableName } from '../../engine/model'
import type { CommitBatch, DeliveryQuery, EventQuery } from '../port'
import { StorageError } from '../port'
import { effectiveLimit, workspaceOf } from '../rows'
import { JOURNAL_SEQ_KEY, errorMessage, migrate, migrations } from './migrations'
import type { Migration } from './migrations'

let sqlJs: Promise<SqlJsStatic> | null = null

/** sql.js is initialised once per thread (it compiles the wasm module); see TOOLCHAIN.md §3. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= initSqlJs()
  return sqlJs
}

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = 'SQLite format 3\0'

/** Prepared statements for the hot path. They are freed and rebuilt around every export(). */
interface Statements {
  put: Map<TableName, Statement>
  remove: Map<TableName, Statement>
  purge: Map<TableName, Statement>
  putEvent: Statement
  purgeEvents: Statement
  putDelivery: Statement
  purgeDeliveries: Statement
  pruneDeliveries: Statement
  setSeq: Statement
}

/**
 * The engine's tables in a sql.js (in-memory SQLite) database: rows as JSON bodies keyed by sid,
 * plus the events log and the journal sequence the database reflects. It knows nothing about
 * files or threads: the durable adapter decides where the bytes come from and go to.
 */
export class SqljsDatabase {
  private statements: Statements | null = null

  private constructor(private readonly db: Database) {}

  /**
   * Opens `bytes` (a database file's content) or a fresh database, and migrates it. Bytes that
   * are not a SQLite database are refused: sql.js would otherwise start an empty database
   * (for zero bytes) or fail later on the first query.
   */
  static async open(bytes?: Uint8Array, list: readonly Migration[] = migrations): Promise<SqljsDatabase> {
    const SQL = await loadSqlJs()
    if (bytes && !hasSqliteHeader(bytes)) {
      throw new StorageError(`Not a SQLite database (${bytes.length} bytes, no SQLite header)`)
    }
    let db: Database
    try {
      db = new SQL.Database(bytes)
    } catch (error) {
      throw new StorageError(`Cannot open the database: ${errorMessage(error)}`, error)
    }
    try {
      db.exec('PRAGMA quick_check')
      migrate(db, list)
    } catch (error) {
      db.close()
      if (error instanceof StorageError) throw error
      throw new StorageError(`The database is unreadable: ${errorMessage(error)}`, error)
    }
    configure(db)
    return new SqljsDatabase(db)
  }

  /** The last journal sequence number applied (0 for a fresh database). */
  journalSeq(): number {
    const value = this.db.exec('SELECT value FROM meta WHERE key = ?', [JOURNAL_SEQ_KEY])[0]?.values[0]?.[0]
    return Number(value ?? 0)
  }

  /**
   * Applies one batch atomically; with `seq`, records it as the last applied journal record in
   * the same transaction, so a snapshot always says exactly which records it contains.
   */
  apply(batch: CommitBatch, seq?: number): void {
    this.applyAll([{ batch, seq }])
  }

  /**
   * Applies several batches in one transaction (all or none): the worker gets journal records
   * in groups, and one transaction per group instead of per record is what lets it keep up.
   */
  applyAll(entries: ReadonlyArray<{ batch: CommitBatch; seq?: number }>): void {
    const s = this.prepared()
    this.db.run('BEGIN')
    try {
      for (const { batch, seq } of entries) {
        for (const change of batch.changes) {
          if (change.op === 'purge_workspace') {
            for (const table of tableNames) run(s.purge, table, [change.workspace_sid])
            s.purgeEvents.run([change.workspace_sid])
            s.purgeDeliveries.run([change.workspace_sid])
          } else if (change.op === 'put') {
            run(s.put, change.table, [change.row.sid, workspaceOf(change.table, change.row), JSON.stringify(change.row)])
          } else {
            run(s.remove, change.table, [change.sid])
          }
        }
        for (const e of batch.events) {
          s.putEvent.run([e.sid, e.workspace_sid, e.event_type, e.resource_sid, e.event_date_ms, JSON.stringify(e)])
        }
        for (const d of batch.deliveries ?? []) s.putDelivery.run([d.sid, d.workspace_sid, d.status, d.updated_ms, JSON.stringify(d)])
        if (batch.prune_deliveries_before_ms !== undefined) s.pruneDeliveries.run([batch.prune_deliveries_before_ms])
        // Rare (the retention job): not worth a prepared statement kept across exports.
        if (batch.prune_events_before_ms !== undefined) this.db.run('DELETE FROM events WHERE event_date_ms < ?', [batch.prune_events_before_ms])
        if (seq !== undefined) s.setSeq.run([JOURNAL_SEQ_KEY, String(seq)])
      }
      this.db.run('COMMIT')
    } catch (error) {
      this.db.run('ROLLBACK')
      throw error instanceof StorageError ? error : new StorageError(`Cannot apply batch: ${errorMessage(error)}`, error)
    }
  }

  /** StoredState as JSON text, built from the stored bodies without parsing them. */
  loadStateJson(): string {
    const parts = tableNames.map((table) => `${JSON.stringify(table)}:[${this.bodies(`SELECT body FROM ${table} ORDER BY rowid`).join(',')}]`)
    return `{${parts.join(',')}}`
  }

  loadState(): StoredState {
    return JSON.parse(this.loadStateJson()) as StoredState
  }

  /** Events matching `q`, newest first (later commit first among equal times), as JSON text. */
  queryEventsJson(q: EventQuery): string {
    const where = ['workspace_sid = ?']
    const params: (string | number)[] = [q.workspace_sid]
    if (q.since_ms !== undefined) { where.push('event_date_ms >= ?'); params.push(q.since_ms) }
    if (q.until_ms !== undefined) { where.push('event_date_ms <= ?'); params.push(q.until_ms) }
    if (q.event_type !== undefined) { where.push('event_type = ?'); params.push(q.event_type) }
    if (q.resource_sid !== undefined) { where.push('resource_sid = ?'); params.push(q.resource_sid) }
    if (q.sid !== undefined) { where.push('sid = ?'); params.push(q.sid) }
    params.push(effectiveLimit(q) ?? -1)
    const sql = `SELECT body FROM events WHERE ${where.join(' AND ')} ORDER BY event_date_ms DESC, rowid DESC LIMIT ?`
    return `[${this.bodies(sql, params).join(',')}]`
  }

  /** The outbox per DeliveryQuery (pending: oldest first; otherwise newest first), as JSON text. */
  queryDeliveriesJson(q: DeliveryQuery): string {
    const where: string[] = []
    const params: (string | number)[] = []
    if (q.workspace_sid !== undefined) { where.push('workspace_sid = ?'); params.push(q.workspace_sid) }
    if (q.pending === true) where.push("status = 'pending'")
    if (q.status !== undefined) { where.push('status = ?'); params.push(q.status) }
    params.push(q.limit === undefined ? -1 : Math.max(0, Math.floor(q.limit)))
    const sql = `SELECT body FROM deliveries ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rowid ${q.pending === true ? 'ASC' : 'DESC'} LIMIT ?`
    return `[${this.bodies(sql, params).join(',')}]`
  }

  queryEvents(q: EventQuery): DomainEvent[] {
    return JSON.parse(this.queryEventsJson(q)) as DomainEvent[]
  }

  /**
   * The database file's bytes. sql.js closes and reopens the connection to export, which frees
   * every prepared statement and resets connection pragmas, so ours are dropped first and
   * rebuilt lazily on the next write, and the pragmas are applied again.
   */
  export(): Uint8Array {
    this.freeStatements()
    const bytes = this.db.export()
    configure(this.db)
    return bytes
  }

  close(): void {
    this.freeStatements()
    this.db.close()
  }

  private bodies(sql: string, params?: BindParams): string[] {
    const stmt = this.db.prepare(sql, params)
    try {
      const out: string[] = []
      while (stmt.step()) out.push(stmt.get()[0] as string)
      return out
    } finally {
      stmt.free()
    }
  }

  private prepared(): Statements {
    if (this.statements) return this.statements
    const perTable = (sql: (t: TableName) => string): Map<TableName, Statement> =>
      new Map(tableNames.map((t) => [t, this.db.prepare(sql(t))]))
    this.statements = {
      // An upsert keeps the row's rowid (INSERT OR REPLACE would delete and re-append it),
      // so ORDER BY rowid is first-insertion order: creation order for the engine's lists.
      put: perTable((t) => `INSERT INTO ${t} (sid, workspace_sid, body) VALUES (?, ?, ?) ON CONFLICT(sid) DO UPDATE SET workspace_sid = excluded.workspace_sid, body = excluded.body`),
      remove: perTable((t) => `DELETE FROM ${t} WHERE sid = ?`),
      purge: perTable((t) => `DELETE FROM ${t} WHERE workspace_sid = ?`),
      putEvent: this.db.prepare('INSERT OR REPLACE INTO events (sid, workspace_sid, event_type, resource_sid, event_date_ms, body) VALUES (?, ?, ?, ?, ?, ?)'),
      purgeEvents: this.db.prepare('DELETE FROM events WHERE workspace_sid = ?'),
      // An upsert keeps the rowid: the outbox stays in creation order.
      putDelivery: this.db.prepare('INSERT INTO deliveries (sid, workspace_sid, status, updated_ms, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT(sid) DO UPDATE SET status = excluded.status, updated_ms = excluded.updated_ms, body = excluded.body'),
      purgeDeliveries: this.db.prepare('DELETE FROM deliveries WHERE workspace_sid = ?'),
      pruneDeliveries: this.db.prepare("DELETE FROM deliveries WHERE status <> 'pending' AND updated_ms < ?"),
      setSeq: this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
    }
    return this.statements
  }

  private freeStatements(): void {
    const s = this.statements
    if (!s) return
    this.statements = null
    for (const stmt of [...s.put.values(), ...s.remove.values(), ...s.purge.values(), s.putEvent, s.purgeEvents, s.putDelivery, s.purgeDeliveries, s.pruneDeliveries, s.setSeq]) {
      stmt.free()
    }
  }
}

/**
 * Connection settings (lost on every export, so re-applied). The database lives in memory and is
 * made durable by the journal, not by SQLite: an in-memory rollback journal and no syncs make a
 * write transaction about 4x cheaper, and a crash of the worker loses nothing the journal has.
 */
function configure(db: Database): void {
  db.run('PRAGMA journal_mode = MEMORY')
  db.run('PRAGMA synchronous = OFF')
}

/** Runs a per-table statement; an unknown table name (a malformed batch) is refused. */
function run(statements: Map<TableName, Statement>, table: TableName, params: BindParams): void {
  const stmt = statements.get(table)
  if (!stmt) throw new StorageError(`Cannot apply batch: unknown table "${String(table)}"`)
  stmt.run(params)
}

export function hasSqliteHeader(bytes: Uint8Array): boolean {
  if (bytes.length < SQLITE_HEADER.length) return false
  for (let i = 0; i < SQLITE_HEADER.length; i++) {
    if (bytes[i] !== SQLITE_HEADER.charCodeAt(i)) return false
  }
  return true
}
