import type { Database } from 'sql.js'
import { NewerDatabaseError, StorageError } from '../port'

/**
 * One schema step. Migrations are numbered by their position (migration N brings the schema
 * from version N-1 to N); the list is append-only: never edit or reorder a shipped migration,
 * because databases in the field have already recorded having run it.
 */
export type Migration = (db: Database) => void

/** Key in the `meta` table holding the last journal sequence number applied to this database. */
export const JOURNAL_SEQ_KEY = 'journal_seq'

export const migrations: readonly Migration[] = [
  // 1: one JSON-body table per engine table, the events log, and the meta key/value table.
  // The table list is written out, not taken from the engine: a shipped migration must do the
  // same thing forever, and later tables arrive in later migrations.
  (db: Database): void => {
    for (const table of ['workspaces', 'activities', 'task_channels', 'workers', 'worker_channels', 'task_queues', 'workflows']) {
      db.run(`CREATE TABLE ${table} (sid TEXT PRIMARY KEY, workspace_sid TEXT, body TEXT NOT NULL)`)
      db.run(`CREATE INDEX ${table}_workspace ON ${table} (workspace_sid)`)
    }
    db.run(`CREATE TABLE events (
      sid TEXT PRIMARY KEY, workspace_sid TEXT NOT NULL, event_type TEXT NOT NULL,
      resource_sid TEXT NOT NULL, event_date_ms INTEGER NOT NULL, body TEXT NOT NULL)`)
    db.run('CREATE INDEX events_workspace_date ON events (workspace_sid, event_date_ms)')
    db.run('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
    db.run('INSERT INTO meta (key, value) VALUES (?, ?)', [JOURNAL_SEQ_KEY, '0'])
  },
  // 2: tasks and reservations (the routing engine).
  (db: Database): void => {
    for (const table of ['tasks', 'reservations']) {
      db.run(`CREATE TABLE ${table} (sid TEXT PRIMARY KEY, workspace_sid TEXT, body TEXT NOT NULL)`)
      db.run(`CREATE INDEX ${table}_workspace ON ${table} (workspace_sid)`)
    }
  },
  // 3: the webhook outbox (event and assignment callbacks), in creation order (rowid).
  (db: Database): void => {
    db.run(`CREATE TABLE deliveries (
      sid TEXT PRIMARY KEY, workspace_sid TEXT NOT NULL, status TEXT NOT NULL,
      updated_ms INTEGER NOT NULL, body TEXT NOT NULL)`)
    db.run('CREATE INDEX deliveries_workspace ON deliveries (workspace_sid)')
    db.run('CREATE INDEX deliveries_status ON deliveries (status)')
  },
  // 4: Routedesk-only documents (workflow drafts/versions, wallboard layouts, share links, ...).
  (db: Database): void => {
    db.run('CREATE TABLE documents (sid TEXT PRIMARY KEY, workspace_sid TEXT, body TEXT NOT NULL)')
    db.run('CREATE INDEX documents_workspace ON documents (workspace_sid)')
  },
]

export const LATEST_SCHEMA_VERSION = migrations.length

export function schemaVersion(db: Database): number {
  const row = db.exec('PRAGMA user_version')[0]?.values[0]?.[0]
  return typeof row === 'number' ? row : 0
}

/**
 * Brings `db` to the latest schema, each migration in its own transaction together with the
 * `user_version` bump (user_version lives in the database header, so it commits or rolls back
 * with the migration). A database from a newer Routedesk is refused rather than guessed at.
 */
export function migrate(db: Database, list: readonly Migration[] = migrations): { from: number; to: number } {
  const from = schemaVersion(db)
  if (from > list.length) {
    throw new NewerDatabaseError(
      `The database has schema version ${from}, but this Routedesk only knows schema versions up to ${list.length}. ` +
      'It was written by a newer Routedesk; open it with that version (this one will not modify it).',
    )
  }
  for (let version = from; version < list.length; version++) {
    const step = list[version]
    if (!step) throw new StorageError(`Migration ${version + 1} is missing`)
    db.run('BEGIN')
    try {
      step(db)
      db.run(`PRAGMA user_version = ${version + 1}`)
      db.run('COMMIT')
    } catch (error) {
      db.run('ROLLBACK')
      throw new StorageError(`Migration ${version + 1} failed: ${errorMessage(error)}`, error)
    }
  }
  return { from, to: list.length }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
